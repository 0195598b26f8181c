import { GENESIS_HASH, type LedgerEntry, type NewLedgerEntry } from "@burnrate/core";
import type BetterSqlite3 from "better-sqlite3";
import { hashEntry, sealChainHead } from "../ledger-hash.js";
import { entryToValues, LEDGER_COLUMN_LIST } from "../sql/ledger-row.js";
import { ROLLUP_ADD_SQL, ROLLUP_COLUMNS, SpendRollupDeltas } from "../sql/spend-rollup-deltas.js";
import type { AppendOutcome } from "../storage.js";

/**
 * Appends groups of batches in one IMMEDIATE transaction: each entry is chained after its
 * project's head (read inside the transaction, so other processes appending to the same file
 * are safe), duplicates by (project, eventId) are skipped, each touched head is re-sealed, and
 * the hourly spend rollups get the group's sums, one upsert per rollup row touched.
 */
export class SqliteLedgerWriter {
  readonly #insert: BetterSqlite3.Statement;
  readonly #readHead: BetterSqlite3.Statement;
  readonly #writeHead: BetterSqlite3.Statement;
  readonly #addToRollup: BetterSqlite3.Statement;
  readonly #writeGroup: (batches: readonly (readonly NewLedgerEntry[])[]) => AppendOutcome[][];

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
    this.#addToRollup = db.prepare(
      `INSERT INTO spend_rollups (${ROLLUP_COLUMNS.join(", ")}) VALUES (${ROLLUP_COLUMNS.map(() => "?").join(", ")})
       ON CONFLICT (project_id, hour_ms, environment, provider, model, feature_id, agent_id, user_tier) DO UPDATE SET ${ROLLUP_ADD_SQL}`,
    );
    const transaction = db.transaction((batches: readonly (readonly NewLedgerEntry[])[]) =>
      this.#writeAll(batches),
    );
    this.#writeGroup = (batches) => transaction.immediate(batches);
  }

  /** Outcomes per batch, per entry, in input order. Throws (and commits nothing) on a database error. */
  write(batches: readonly (readonly NewLedgerEntry[])[]): AppendOutcome[][] {
    return this.#writeGroup(batches);
  }

  #writeAll(batches: readonly (readonly NewLedgerEntry[])[]): AppendOutcome[][] {
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
    const rollups = new SpendRollupDeltas();
    const outcomes = batches.map((entries) =>
      entries.map((newEntry): AppendOutcome => {
        const head = headOf(newEntry.projectId);
        const entry = newEntry as LedgerEntry;
        entry.seq = head.seq + 1;
        entry.prevHash = head.hash;
        entry.hash = hashEntry(head.hash, entry);
        if (this.#insert.run(entryToValues(entry)).changes === 0) return { status: "duplicate" };
        head.seq = entry.seq;
        head.hash = entry.hash;
        rollups.add(entry);
        return { status: "inserted", seq: entry.seq, hash: entry.hash };
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
    for (const delta of rollups.rows()) this.#addToRollup.run(delta);
    return outcomes;
  }
}
