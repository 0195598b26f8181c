import type { BudgetCounters, BudgetPolicy, BudgetScope } from "@burnrate/core";
import type { SpendQuery, Storage } from "@burnrate/storage";
import type { BudgetState } from "./budget-state.js";

const DAY_MS = 86_400_000;

/** A budget's scope as spend filters. A wrapped key is recorded as the key its events came with. */
export function scopeFilters(scope: BudgetScope): NonNullable<SpendQuery["filters"]> {
  const { wrappedKeyId, ...rest } = scope;
  const filters: NonNullable<SpendQuery["filters"]> = { ...rest };
  if (wrappedKeyId !== undefined) filters.apiKeyId = wrappedKeyId;
  return filters;
}

export interface SeedTarget {
  projectId: string;
  policy: BudgetPolicy;
  counters: BudgetCounters;
}

/**
 * Loads counters from the ledger, the source of truth: the spend, calls and tokens of the budget's
 * scope in each counter's span (hourly rollups where they serve). Each key is read once however
 * many calls ask for it at the same moment; the state keeps a figure another instance seeded first.
 */
export class CounterSeeder {
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Per key: when (performance.now()) the ledger read that loaded it began, and the load in flight. */
  readonly #readStarts = new Map<string, number>();
  readonly #loading = new Map<string, Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly state: BudgetState,
  ) {}

  async seed(targets: readonly SeedTarget[], missing: readonly string[], now: number): Promise<void> {
    const wanted = new Set(missing);
    const jobs: Promise<void>[] = [];
    for (const target of targets) {
      if (!target.counters.readKeys.some((key) => wanted.has(key))) continue;
      const id = target.counters.readKeys.join("|");
      let job = this.#inFlight.get(id);
      if (job === undefined) {
        job = this.#load(target, now).finally(() => {
          this.#inFlight.delete(id);
          for (const key of target.counters.readKeys) this.#loading.delete(key);
        });
        this.#inFlight.set(id, job);
        for (const key of target.counters.readKeys) this.#loading.set(key, job);
      }
      jobs.push(job);
    }
    await Promise.all(jobs);
  }

  /**
   * Whether calls committed at `committedAt` (performance.now()) are already in a counter because
   * this instance loaded it from a ledger read that began later; waits for a load in flight first.
   */
  async includes(key: string, committedAt: number): Promise<boolean> {
    await this.#loading.get(key)?.catch(() => {});
    const readStart = this.#readStarts.get(key);
    return readStart !== undefined && committedAt < readStart;
  }

  async #load({ projectId, policy, counters }: SeedTarget, now: number): Promise<void> {
    const rolling = policy.window.kind === "rolling";
    const from = Math.max(0, counters.starts[0]!);
    const to = Math.min(counters.expiresAt, now + 366 * DAY_MS);
    const readStart = performance.now();
    if (this.#readStarts.size > 100_000) this.#readStarts.clear();
    for (const key of counters.readKeys) this.#readStarts.set(key, readStart);
    const rows = await this.storage.ledger.spendSummary({
      projectId,
      from,
      to,
      groupBy: rolling ? ["hour"] : [],
      filters: scopeFilters(policy.scope),
    });
    const usageAt = (start: number) => {
      const row = rolling ? rows.find((candidate) => candidate.hour === start) : rows[0];
      return {
        spentNanos: row?.costNanos ?? 0,
        requests: row?.events ?? 0,
        tokens: (row?.inputTokens ?? 0) + (row?.outputTokens ?? 0),
      };
    };
    await Promise.all(
      counters.readKeys.map((key, index) => {
        const start = counters.starts[index]!;
        // An hourly counter is needed until the rolling window no longer reaches its hour.
        const expiresAt = rolling
          ? counters.expiresAt - (counters.readKeys.length - 1 - index) * 3_600_000
          : counters.expiresAt;
        return this.state.seed(key, usageAt(start), expiresAt);
      }),
    );
  }
}
