import { GENESIS_HASH, type NewLedgerEntry } from "@burnrate/core";
import type pg from "pg";
import { sealChainHead } from "../ledger-hash.js";
import { entryToValues, LEDGER_COLUMN_LIST } from "../sql/ledger-row.js";
import type { AppendOutcome } from "../storage.js";
import { chainEntries, type Head } from "./chain-entries.js";
import { INSERT_ENTRIES, LOCK_CHAINS, READ_EXISTING, READ_HEADS, WRITE_HEADS } from "./ledger-writer-sql.js";

/** Deadlock and serialization failures roll back cleanly; the group is simply written again. */
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;
const GENESIS: Head = { seq: 0, hash: GENESIS_HASH };

/**
 * Writes a group of batches in one transaction. Each project's chain is serialized across every
 * instance by a transaction-level advisory lock; the head and the eventIds already stored are
 * read after the lock is held, so no two writers can fork a chain or store an eventId twice (the
 * unique index stays the last word). Resolves only after COMMIT.
 */
export class PostgresLedgerWriter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sealKey: string,
    /** Off only in bench/postgres-chain-lock, to measure what the lock costs. Never off in a server. */
    private readonly chainLock = true,
  ) {}

  async write(batches: readonly (readonly NewLedgerEntry[])[]): Promise<AppendOutcome[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#writeOnce(batches);
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_CODES.has(code)) throw error;
      }
    }
  }

  async #writeOnce(batches: readonly (readonly NewLedgerEntry[])[]): Promise<AppendOutcome[][]> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query("BEGIN");
      const outcomes = await this.#append(client, batches);
      await client.query("COMMIT");
      return outcomes;
    } catch (error) {
      failure = error as Error;
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release(failure);
    }
  }

  async #append(client: pg.PoolClient, batches: readonly (readonly NewLedgerEntry[])[]) {
    const all = batches.flat();
    const projects = [...new Set(all.map((entry) => entry.projectId))];
    // The lock is its own statement: under READ COMMITTED each statement reads a fresh snapshot,
    // so the reads below see every commit made before the lock was granted.
    if (this.chainLock) await client.query(LOCK_CHAINS, [projects]);
    const heads = new Map<string, Head>();
    for (const row of (await client.query(READ_HEADS, [projects])).rows)
      heads.set(row.project_id, { seq: row.seq, hash: row.hash });
    const existing = new Map<string, Set<string>>();
    const found = await client.query(READ_EXISTING, [projects, all.map((entry) => entry.eventId)]);
    for (const row of found.rows) {
      const ids = existing.get(row.project_id) ?? new Set<string>();
      existing.set(row.project_id, ids.add(row.event_id));
    }
    const chained = chainEntries(batches, heads, existing, GENESIS);
    if (chained.entries.length > 0) {
      const columns: unknown[][] = LEDGER_COLUMN_LIST.map(() => []);
      for (const entry of chained.entries) {
        const values = entryToValues(entry);
        for (let index = 0; index < values.length; index++) columns[index]!.push(values[index]);
      }
      const inserted = await client.query(INSERT_ENTRIES, columns);
      if (inserted.rowCount !== chained.entries.length)
        throw new Error(
          "ledger_entries gained an eventId outside the chain lock: is something else writing it?",
        );
      const newHeads = [...chained.heads];
      await client.query(WRITE_HEADS, [
        newHeads.map(([projectId]) => projectId),
        newHeads.map(([, head]) => head.seq),
        newHeads.map(([, head]) => head.hash),
        newHeads.map(([projectId, head]) => sealChainHead(this.sealKey, projectId, head.seq, head.hash)),
      ]);
    }
    return chained.outcomes;
  }
}
