import { GENESIS_HASH, type LedgerEntry, type NewLedgerEntry } from "@burnrate/core";
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import { hashEntry, sealChainHead } from "../ledger-hash.js";
import type { Database } from "../sql/database-schema.js";
import { KyselyLedgerReader } from "../sql/kysely-ledger-reader.js";
import { entryToValues, LEDGER_COLUMN_LIST } from "../sql/ledger-row.js";
import type { AppendOutcome, LedgerStore } from "../storage.js";

interface PendingAppend {
  entries: readonly NewLedgerEntry[];
  resolve: (outcomes: AppendOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The SQLite ledger. Appends are group-committed: every append that arrives in the same
 * turn of the event loop joins one IMMEDIATE transaction, so one fsync (synchronous=FULL)
 * covers many requests (bench/ingest-throughput). The chain head is read inside the
 * transaction, so another process appending to the same file (the CLI) is safe.
 */
export class SqliteLedgerStore extends KyselyLedgerReader implements LedgerStore {
  readonly #db: BetterSqlite3.Database;
  readonly #sealKey: string;
  readonly #insert: BetterSqlite3.Statement;
  readonly #readHead: BetterSqlite3.Statement;
  readonly #writeHead: BetterSqlite3.Statement;
  #pending: PendingAppend[] = [];
  #scheduled = false;

  constructor(db: BetterSqlite3.Database, kysely: Kysely<Database>, sealKey: string) {
    super(kysely);
    this.#db = db;
    this.#sealKey = sealKey;
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
  }

  append(entries: readonly NewLedgerEntry[]): Promise<AppendOutcome[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#pending.push({ entries, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#commitPending());
      }
    });
  }

  /** Commits what is waiting now instead of at the end of this turn (used on close). */
  commitPending(): void {
    this.#commitPending();
  }

  #commitPending(): void {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    let outcomes: AppendOutcome[][];
    try {
      outcomes = this.#db.transaction(() => this.#writeAll(batch)).immediate();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const [index, pending] of batch.entries()) pending.resolve(outcomes[index]!);
  }

  #writeAll(batch: readonly PendingAppend[]): AppendOutcome[][] {
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
    const outcomes = batch.map((pending) =>
      pending.entries.map((newEntry): AppendOutcome => {
        const head = headOf(newEntry.projectId);
        const chained = { ...newEntry, seq: head.seq + 1 };
        const entry: LedgerEntry = { ...chained, prevHash: head.hash, hash: hashEntry(head.hash, chained) };
        if (this.#insert.run(entryToValues(entry)).changes === 0) return { status: "duplicate" };
        head.seq = entry.seq;
        head.hash = entry.hash;
        return { status: "inserted", seq: entry.seq, hash: entry.hash };
      }),
    );
    for (const [projectId, head] of heads) {
      if (head.seq > 0)
        this.#writeHead.run(
          projectId,
          head.seq,
          head.hash,
          sealChainHead(this.#sealKey, projectId, head.seq, head.hash),
        );
    }
    return outcomes;
  }
}
