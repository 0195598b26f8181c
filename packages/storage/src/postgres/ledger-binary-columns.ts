import type { LedgerEntry } from "@burnrate/core";
import { LEDGER_COLUMNS, type LedgerColumn } from "../sql/ledger-row.js";
import { LEDGER_COLUMN_TYPES } from "./ledger-column-types.js";

type ColumnType = (typeof LEDGER_COLUMN_TYPES)[LedgerColumn];

/** The element type of each array, as PostgreSQL's binary array format names it (pg_type oid). */
const ELEMENT_OIDS: Record<ColumnType, number> = {
  text: 25,
  bigint: 20,
  integer: 23,
  "double precision": 701,
};
/** ndim, has-nulls flag, element oid, length and lower bound of the one dimension. */
const HEADER_BYTES = 20;
const TWO_TO_32 = 4294967296;

const FIELDS = Object.keys(LEDGER_COLUMNS) as (keyof LedgerEntry)[];

/** One ledger column's array, in PostgreSQL's binary format, ready to bind as `$n::type[]`. */
export interface BinaryColumn {
  column: LedgerColumn;
  type: ColumnType;
  array: Buffer;
}

/** A growing buffer for one column: its header is written when the array is taken. */
class ColumnWriter {
  buffer = Buffer.allocUnsafe(16_384);
  length = HEADER_BYTES;
  nulls = 0;

  constructor(
    readonly field: keyof LedgerEntry,
    readonly column: LedgerColumn,
    readonly type: ColumnType,
  ) {}

  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/**
 * The ledger entries of a group as one binary array per column, for the writer's
 * INSERT … SELECT FROM unnest(…). PostgreSQL reads binary arrays without parsing text (array_in
 * took a third of the INSERT), and a column that is NULL for the whole group is left out of the
 * INSERT altogether (it defaults to NULL), which most optional columns are
 * (bench/postgres-writer). Entries can be added in several steps, as batches arrive.
 * Columns come from LEDGER_COLUMNS and LEDGER_COLUMN_TYPES, so a new column needs nothing here.
 */
export class LedgerBinaryColumns {
  readonly #writers = FIELDS.map(
    (field) => new ColumnWriter(field, LEDGER_COLUMNS[field], LEDGER_COLUMN_TYPES[LEDGER_COLUMNS[field]]),
  );
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(entries: readonly LedgerEntry[]): void {
    for (const writer of this.#writers) {
      const { field, type } = writer;
      for (let index = 0; index < entries.length; index++) {
        const value: unknown = entries[index]![field];
        if (value === undefined || value === null) {
          writer.reserve(4);
          writer.buffer.writeInt32BE(-1, writer.length);
          writer.length += 4;
          writer.nulls++;
        } else if (type === "text")
          writeText(writer, field === "metadata" ? JSON.stringify(value) : String(value));
        else writeNumber(writer, value as number);
      }
    }
    this.#count += entries.length;
  }

  /** The columns that hold a value in some entry, with their finished arrays. */
  columns(): BinaryColumn[] {
    const columns: BinaryColumn[] = [];
    for (const writer of this.#writers) {
      if (writer.nulls === this.#count) continue;
      const { buffer } = writer;
      buffer.writeInt32BE(1, 0);
      buffer.writeInt32BE(writer.nulls > 0 ? 1 : 0, 4);
      buffer.writeInt32BE(ELEMENT_OIDS[writer.type], 8);
      buffer.writeInt32BE(this.#count, 12);
      buffer.writeInt32BE(1, 16);
      columns.push({ column: writer.column, type: writer.type, array: buffer.subarray(0, writer.length) });
    }
    return columns;
  }
}

function writeText(writer: ColumnWriter, text: string): void {
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  writer.reserve(4 + 3 * text.length);
  const bytes = writer.buffer.write(text, writer.length + 4);
  writer.buffer.writeInt32BE(bytes, writer.length);
  writer.length += 4 + bytes;
}

/** Numbers are checked as PostgreSQL's text input would: a fraction or a huge number is refused, not truncated. */
function writeNumber(writer: ColumnWriter, value: number): void {
  const { type, column } = writer;
  if (type === "double precision") {
    if (typeof value !== "number") throw new TypeError(`${column}: ${String(value)} is not a number`);
    writer.reserve(12);
    writer.buffer.writeInt32BE(8, writer.length);
    writer.buffer.writeDoubleBE(value, writer.length + 4);
    writer.length += 12;
    return;
  }
  if (!Number.isSafeInteger(value)) throw new TypeError(`${column}: ${String(value)} is not a safe integer`);
  if (type === "integer") {
    if (value > 0x7fffffff || value < -0x80000000)
      throw new RangeError(`${column}: ${value} is out of range`);
    writer.reserve(8);
    writer.buffer.writeInt32BE(4, writer.length);
    writer.buffer.writeInt32BE(value, writer.length + 4);
    writer.length += 8;
    return;
  }
  writer.reserve(12);
  const high = Math.floor(value / TWO_TO_32);
  writer.buffer.writeInt32BE(8, writer.length);
  writer.buffer.writeInt32BE(high, writer.length + 4);
  writer.buffer.writeUInt32BE(value - high * TWO_TO_32, writer.length + 8);
  writer.length += 12;
}
