/**
 * Where budget counters, reservations and their expiry live: this process (InMemoryBudgetState)
 * or Redis shared by every instance (RedisBudgetState). Both pass
 * testing/budget-state-conformance.ts. The ledger stays the source of truth: a counter that is
 * not loaded answers `unseeded`, and the caller seeds it from the ledger and asks again. So a new
 * window, a new budget and a Redis that lost its data are all rebuilt the same way.
 */

/** One counter's or one budget window's usage. */
export interface CounterUsage {
  spentNanos: number;
  reservedNanos: number;
  requests: number;
  tokens: number;
}

/** A budget as the state checks it: its counters at this instant and its limits. */
export interface CounterCheck {
  /** Counters whose sum is the window's usage (core's budgetCounters). */
  readKeys: readonly string[];
  /** The counter this call reserves in and settles to. */
  writeKey: string;
  /** When the write counter can be dropped, epoch ms (Infinity: never). */
  expiresAt: number;
  limitNanos: number;
  limitRequests?: number;
  limitTokens?: number;
  /** Only block budgets refuse a call; warn and log budgets are only measured. */
  enforce: boolean;
}

/** A call's cost: worst case when reserving, real cost when settling. */
export interface CallCost {
  costNanos: number;
  tokens: number;
}

export type SeedUsage = Pick<CounterUsage, "spentNanos" | "requests" | "tokens">;

export type ReserveOutcome =
  /** Some counters are not loaded: seed them from the ledger and ask again. */
  | { status: "unseeded"; keys: string[] }
  /** Usages before this call, one per check; `refusedBy` is the index of the first budget it would cross. */
  | { status: "refused"; usages: CounterUsage[]; refusedBy: number }
  | { status: "reserved"; usages: CounterUsage[] };

export type ReadOutcome = { status: "unseeded"; keys: string[] } | { status: "ok"; usages: CounterUsage[] };

/** `already_settled`: settled once before (a retry); `unknown`: expired or never made. */
export type SettleOutcome = "settled" | "already_settled" | "unknown";

export interface BudgetState {
  readonly kind: "memory" | "redis";
  /** Loads a counter with the ledger's figure, unless it is loaded already (another instance may have). */
  seed(key: string, usage: SeedUsage, expiresAt: number): Promise<void>;
  /**
   * Decides and reserves in one atomic step: if no enforced check would pass its limit with this
   * call's worst case added (reservations in flight counted), the worst case is reserved in every
   * check's write counter under `id` until `now + ttlMs`.
   */
  reserve(
    id: string,
    checks: readonly CounterCheck[],
    worstCase: CallCost,
    ttlMs: number,
    now: number,
  ): Promise<ReserveOutcome>;
  /** Releases a reservation and adds the call's real cost (and one request) to its counters. */
  settle(id: string, actual: CallCost, now: number): Promise<SettleOutcome>;
  /**
   * Adds calls that had no reservation to those of the counters that are loaded (one call unless
   * `requests` says how many the cost sums).
   */
  record(writeKeys: readonly string[], actual: CallCost & { requests?: number }, now: number): Promise<void>;
  read(checks: readonly CounterCheck[], now: number): Promise<ReadOutcome>;
  /** Throws when the state cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
