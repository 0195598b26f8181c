import { GENESIS_HASH, type LedgerEntry, type NewLedgerEntry } from "@burnrate/core";
import type pg from "pg";
import { sealChainHead } from "../ledger-hash.js";
import { SpendRollupDeltas } from "../sql/spend-rollup-deltas.js";
import type { AppendOutcome } from "../storage.js";
import { chainEntries, type Head } from "./chain-entries.js";
import { LedgerBinaryColumns } from "./ledger-binary-columns.js";
import { beginAndReadHeadsSql, READ_EXISTING, writeGroupSql } from "./ledger-writer-sql.js";

/** Deadlock and serialization failures roll back cleanly; the group is simply written again. */
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;
const GENESIS: Head = { seq: 0, hash: GENESIS_HASH };

/**
 * Writes a group of batches in one transaction. Each project's chain is serialized across every
 * instance by a transaction-level advisory lock, and its head is read once the lock is held, so
 * no two writers can fork a chain. The unique (project_id, event_id) index dedupes: an insert it
 * shortens (ON CONFLICT DO NOTHING) is redone with the stored eventIds reported as duplicates.
 * Resolves only after COMMIT.
 */
export class PostgresLedgerWriter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sealKey: string,
    /** Off only in bench/postgres-chain-lock, to measure what the lock costs. Never off in a server. */
    private readonly chainLock = true,
  ) {}

  async write(batches: readonly (readonly NewLedgerEntry[])[]): Promise<AppendOutcome[][]> {
    // The first attempt assumes no eventId is stored yet (the common case: one statement fewer);
    // if the unique index turns any away, it rolls back and the next attempt looks them up first.
    let lookUpExisting = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#writeOnce(batches, lookUpExisting);
      } catch (error) {
        if (error instanceof DuplicatesFound && !lookUpExisting) lookUpExisting = true;
        else if (attempt >= MAX_ATTEMPTS || !RETRYABLE_CODES.has((error as { code?: string }).code ?? ""))
          throw error;
      }
    }
  }

  async #writeOnce(batches: readonly (readonly NewLedgerEntry[])[], lookUpExisting: boolean) {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      const outcomes = await this.#append(client, batches, lookUpExisting);
      await client.query("COMMIT");
      return outcomes;
    } catch (error) {
      failure = error as Error;
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release(failure instanceof DuplicatesFound ? undefined : failure);
    }
  }

  async #append(
    client: pg.PoolClient,
    batches: readonly (readonly NewLedgerEntry[])[],
    lookUpExisting: boolean,
  ): Promise<AppendOutcome[][]> {
    const projects = [...new Set(batches.flatMap((batch) => batch.map((entry) => entry.projectId)))];
    const heads = await beginAndReadHeads(client, projects, this.chainLock);
    const existing = lookUpExisting ? await readExisting(client, projects, batches) : new Map();
    const chained = chainEntries(batches, heads, existing, GENESIS);
    if (chained.entries.length === 0) return chained.outcomes;
    const columns = new LedgerBinaryColumns();
    columns.add(chained.entries);
    const entryColumns = columns.columns();
    const newHeads = [...chained.heads];
    const result = await client.query(writeGroupSql(entryColumns), [
      ...entryColumns.map(({ array }) => array),
      ...rollupColumns(chained.entries),
      newHeads.map(([projectId]) => projectId),
      newHeads.map(([, head]) => head.seq),
      newHeads.map(([, head]) => head.hash),
      newHeads.map(([projectId, head]) => sealChainHead(this.sealKey, projectId, head.seq, head.hash)),
    ]);
    if (result.rows[0].inserted !== chained.entries.length) {
      if (lookUpExisting)
        throw new Error(
          "ledger_entries gained an eventId outside the chain lock: is something else writing it?",
        );
      throw new DuplicatesFound();
    }
    return chained.outcomes;
  }
}

/** BEGIN, the chain locks and the heads in one round trip; a project without entries has no head. */
async function beginAndReadHeads(
  client: pg.PoolClient,
  projects: readonly string[],
  chainLock: boolean,
): Promise<Map<string, Head>> {
  const sql = beginAndReadHeadsSql(
    projects.map((projectId) => client.escapeLiteral(projectId)),
    chainLock,
  );
  const results = (await client.query(sql)) as unknown as pg.QueryResult[];
  const heads = new Map<string, Head>();
  for (const row of results.at(-1)!.rows) heads.set(row.project_id, { seq: Number(row.seq), hash: row.hash });
  return heads;
}

/** The hourly spend rollups' sums, one row per key, sorted so row locks come in one order; by column. */
function rollupColumns(entries: readonly LedgerEntry[]): unknown[][] {
  const deltas = new SpendRollupDeltas();
  for (const entry of entries) deltas.add(entry);
  const rows = [...deltas.rows()].sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1));
  return rows[0]!.map((_, column) => rows.map((row) => row[column]));
}

/** The unique index skipped some rows: their eventIds are stored already, so the chain must be redone. */
class DuplicatesFound extends Error {}

async function readExisting(
  client: pg.PoolClient,
  projects: string[],
  batches: readonly (readonly NewLedgerEntry[])[],
): Promise<Map<string, Set<string>>> {
  const eventIds = batches.flatMap((batch) => batch.map((entry) => entry.eventId));
  const existing = new Map<string, Set<string>>();
  for (const row of (await client.query(READ_EXISTING, [projects, eventIds])).rows) {
    const ids = existing.get(row.project_id) ?? new Set<string>();
    existing.set(row.project_id, ids.add(row.event_id));
  }
  return existing;
}
