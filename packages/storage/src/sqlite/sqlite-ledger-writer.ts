import { GENESIS_HASH } from "@burnrate/core";
import type BetterSqlite3 from "better-sqlite3";
import { hashChainLink, sealChainHead } from "../ledger-hash.js";
import { LEDGER_COLUMN_LIST } from "../sql/ledger-row.js";
import { HASH_COLUMN, PREV_HASH_COLUMN, type PreparedEntry, SEQ_COLUMN } from "../sql/prepare-entry.js";
import type { AppendOutcome } from "../storage.js";

/**
 * Appends groups of batches in one IMMEDIATE transaction: each entry is chained after its
 * project's head (read inside the transaction, so other processes appending to the same file
 * are safe), duplicates by (project, eventId) are skipped, and each touched head is re-sealed.
 */
export class SqliteLedgerWriter {
  readonly #insert: BetterSqlite3.Statement;
  readonly #readHead: BetterSqlite3.Statement;
  readonly #writeHead: BetterSqlite3.Statement;
  readonly #writeGroup: (batches: readonly (readonly PreparedEntry[])[]) => AppendOutcome[][];

  constructor(
    db: BetterSqlite3.Database,
    private readonly sealKey: string,
  ) {
    this.#insert = db.prepare(
      `INSERT INTO ledger_entries (${LEDGER_COLUMN_LIST.join(", ")}) VALUES (${LEDGER_COLUMN_LIST.map(() => "?").join(", ")})
       ON CONFLICT (project_id, event_id) DO NOTHING`,
    );
    this.#readHead = db.prepare(
      "SELECT seq, hash FROM ledger_entries WHERE project_id = ? ORDER BY seq DESC LIMIT 1",
    );
    this.#writeHead = db.prepare(
      `INSERT INTO chain_heads (project_id, seq, hash, seal) VALUES (?, ?, ?, ?)
       ON CONFLICT (project_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, seal = excluded.seal`,
    );
    const transaction = db.transaction((batches: readonly (readonly PreparedEntry[])[]) =>
      this.#writeAll(batches),
    );
    this.#writeGroup = (batches) => transaction.immediate(batches);
  }

  /** Outcomes per batch, per entry, in input order. Throws (and commits nothing) on a database error. */
  write(batches: readonly (readonly PreparedEntry[])[]): AppendOutcome[][] {
    return this.#writeGroup(batches);
  }

  #writeAll(batches: readonly (readonly PreparedEntry[])[]): AppendOutcome[][] {
    const heads = new Map<string, { seq: number; hash: string }>();
    const headOf = (projectId: string) => {
      let head = heads.get(projectId);
      if (head === undefined) {
        const row = this.#readHead.get(projectId) as { seq: number; hash: string } | undefined;
        head = row ?? { seq: 0, hash: GENESIS_HASH };
        heads.set(projectId, head);
      }
      return head;
    };
    const outcomes = batches.map((entries) =>
      entries.map((prepared): AppendOutcome => {
        const head = headOf(prepared.projectId);
        const seq = head.seq + 1;
        const hash = hashChainLink(head.hash, `${prepared.canonicalBefore}${seq}${prepared.canonicalAfter}`);
        const { values } = prepared;
        values[SEQ_COLUMN] = seq;
        values[PREV_HASH_COLUMN] = head.hash;
        values[HASH_COLUMN] = hash;
        if (this.#insert.run(values).changes === 0) return { status: "duplicate" };
        head.seq = seq;
        head.hash = hash;
        return { status: "inserted", seq, hash };
      }),
    );
    for (const [projectId, head] of heads) {
      if (head.seq > 0) {
        this.#writeHead.run(
          projectId,
          head.seq,
          head.hash,
          sealChainHead(this.sealKey, projectId, head.seq, head.hash),
        );
      }
    }
    return outcomes;
  }
}
