import { GENESIS_HASH, type LedgerEntry, type NewLedgerEntry } from "@burnrate/core";
import type pg from "pg";
import { sealChainHead } from "../ledger-hash.js";
import { SpendRollupDeltas } from "../sql/spend-rollup-deltas.js";
import type { AppendOutcome } from "../storage.js";
import { GroupChain, type Head, sameHead } from "./chain-entries.js";
import { LedgerBinaryColumns } from "./ledger-binary-columns.js";
import { beginAndReadHeadsSql, READ_EXISTING, writeGroupSql } from "./ledger-writer-sql.js";

/** Deadlock and serialization failures roll back cleanly; the group is simply written again. */
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;
const GENESIS: Head = { seq: 0, hash: GENESIS_HASH };

interface Waiting {
  batches: number;
  resolve: (outcomes: AppendOutcome[][]) => void;
  reject: (error: unknown) => void;
}

/** The next group: everything written while the group before it commits, chained and encoded as it arrives. */
class PendingGroup {
  readonly batches: (readonly NewLedgerEntry[])[] = [];
  readonly waiting: Waiting[] = [];
  readonly columns = new LedgerBinaryColumns();
  /** Chaining or encoding failed part way: the group is redone (and fails whole) under the lock. */
  broken = false;

  constructor(readonly chain: GroupChain) {}
}

/**
 * Writes the ledger, group-committed: writes made while a transaction is in flight form the next
 * group, one transaction. Each project's chain is serialized across every instance by a
 * transaction-level advisory lock, and its head is read once the lock is held, so no two writers
 * can fork a chain. The next group is chained while the one before it commits, on the heads this
 * writer expects to leave (hashing no longer waits for the database, bench/postgres-writer); under
 * the lock the heads read are compared with those, and the group is chained again if another
 * instance (or a failed transaction) moved them. The unique (project_id, event_id) index dedupes:
 * an insert it shortens is rolled back and redone with the stored eventIds reported as
 * duplicates. Each write resolves only after COMMIT.
 */
export class PostgresLedgerWriter {
  #next: PendingGroup | undefined;
  #running = false;
  #idle: (() => void)[] = [];
  /** Each project's head once every group handed out so far is committed (as far as this writer knows). */
  readonly #expected = new Map<string, Head>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly sealKey: string,
    /** Off only in bench/postgres-chain-lock, to measure what the lock costs. Never off in a server. */
    private readonly chainLock = true,
  ) {}

  /** Outcomes per batch, per entry, in input order, once the group holding them is committed. */
  write(batches: readonly (readonly NewLedgerEntry[])[]): Promise<AppendOutcome[][]> {
    this.#next ??= new PendingGroup(new GroupChain((projectId) => this.#expected.get(projectId) ?? GENESIS));
    const group = this.#next;
    const written = new Promise<AppendOutcome[][]>((resolve, reject) =>
      group.waiting.push({ batches: batches.length, resolve, reject }),
    );
    group.batches.push(...batches);
    if (!group.broken) {
      try {
        group.columns.add(group.chain.add(batches));
        for (const [projectId, head] of group.chain.heads) this.#expected.set(projectId, head);
      } catch {
        group.broken = true;
      }
    }
    if (!this.#running) void this.#run();
    return written;
  }

  /** Resolves once every write made so far is committed (or failed). */
  async drain(): Promise<void> {
    if (!this.#running) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (this.#next !== undefined) {
      const group = this.#next;
      this.#next = undefined;
      try {
        const outcomes = await this.#commit(group);
        let first = 0;
        for (const waiting of group.waiting) {
          waiting.resolve(outcomes.slice(first, first + waiting.batches));
          first += waiting.batches;
        }
      } catch (error) {
        for (const projectId of group.chain.heads.keys()) this.#expected.delete(projectId);
        for (const waiting of group.waiting) waiting.reject(error);
      }
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #commit(group: PendingGroup): Promise<AppendOutcome[][]> {
    // The first attempt assumes no eventId is stored yet (the common case: one statement fewer);
    // if the unique index turns any away, it rolls back and the next attempt looks them up first.
    let lookUpExisting = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#writeOnce(group, lookUpExisting);
      } catch (error) {
        if (error instanceof DuplicatesFound && !lookUpExisting) lookUpExisting = true;
        else if (attempt >= MAX_ATTEMPTS || !RETRYABLE_CODES.has((error as { code?: string }).code ?? ""))
          throw error;
      }
    }
  }

  async #writeOnce(group: PendingGroup, lookUpExisting: boolean): Promise<AppendOutcome[][]> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      const outcomes = await this.#append(client, group, lookUpExisting);
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

  async #append(client: pg.PoolClient, group: PendingGroup, lookUpExisting: boolean) {
    const projects = [...new Set(group.batches.flatMap((batch) => batch.map((entry) => entry.projectId)))];
    const heads = await beginAndReadHeads(client, projects, this.chainLock);
    let { chain, columns } = group;
    const chainedOnHeads = [...chain.base].every(([projectId, base]) =>
      sameHead(base, heads.get(projectId) ?? GENESIS),
    );
    if (lookUpExisting || group.broken || !chainedOnHeads) {
      const existing = lookUpExisting ? await readExisting(client, projects, group.batches) : new Map();
      chain = new GroupChain((projectId) => heads.get(projectId) ?? GENESIS, existing);
      columns = new LedgerBinaryColumns();
      columns.add(chain.add(group.batches));
      // The group after this one was chained on the heads this one was expected to leave; it
      // will find out under the lock. Whatever it adds from now on follows these.
      for (const [projectId, head] of chain.heads) this.#expected.set(projectId, head);
    }
    if (chain.entries.length === 0) return chain.outcomes;
    await this.#writeEntries(client, chain, columns, lookUpExisting);
    return chain.outcomes;
  }

  async #writeEntries(
    client: pg.PoolClient,
    chain: GroupChain,
    columns: LedgerBinaryColumns,
    lookUpExisting: boolean,
  ): Promise<void> {
    const entryColumns = columns.columns();
    const newHeads = [...chain.heads];
    const result = await client.query(writeGroupSql(entryColumns), [
      ...entryColumns.map(({ array }) => array),
      ...rollupColumns(chain.entries),
      newHeads.map(([projectId]) => projectId),
      newHeads.map(([, head]) => head.seq),
      newHeads.map(([, head]) => head.hash),
      newHeads.map(([projectId, head]) => sealChainHead(this.sealKey, projectId, head.seq, head.hash)),
    ]);
    if (result.rows[0].inserted === chain.entries.length) return;
    if (lookUpExisting)
      throw new Error(
        "ledger_entries gained an eventId outside the chain lock: is something else writing it?",
      );
    throw new DuplicatesFound();
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
