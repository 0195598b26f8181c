import type {
  BudgetState,
  CallCost,
  CounterCheck,
  CounterUsage,
  ReadOutcome,
  ReserveOutcome,
  SeedUsage,
  SettleOutcome,
} from "./budget-state.js";
import { decideReservation } from "./decide-reservation.js";

interface Counter extends CounterUsage {
  expiresAt: number;
}

interface Reservation {
  keys: readonly string[];
  amount: CallCost;
  expiresAt: number;
}

/** How often expired reservations and counters are swept: expiry is exact to within this. */
const SWEEP_EVERY_MS = 250;
/** How long a settled reservation id is remembered, so a retried settlement is not counted twice. */
const SETTLED_MEMORY_MS = 3_600_000;

/**
 * Budget counters and reservations in this process, the default without Redis. Every method
 * completes synchronously inside its promise, so deciding and reserving is one atomic step: no two
 * calls can both take the last of a budget. Counters of past windows are dropped once expired.
 */
export class InMemoryBudgetState implements BudgetState {
  readonly kind = "memory";
  readonly #counters = new Map<string, Counter>();
  readonly #reservations = new Map<string, Reservation>();
  readonly #settled = new Map<string, number>();
  #nextSweep = 0;

  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_EVERY_MS;
    for (const [id, reservation] of this.#reservations)
      if (reservation.expiresAt <= now) this.#release(id, reservation);
    for (const [key, counter] of this.#counters) if (counter.expiresAt <= now) this.#counters.delete(key);
    for (const [id, forgetAt] of this.#settled) if (forgetAt <= now) this.#settled.delete(id);
  }

  #release(id: string, reservation: Reservation): void {
    this.#reservations.delete(id);
    for (const key of reservation.keys) {
      const counter = this.#counters.get(key);
      if (counter !== undefined) counter.reservedNanos -= reservation.amount.costNanos;
    }
  }

  #usages(checks: readonly CounterCheck[]): CounterUsage[] | { missing: string[] } {
    const missing = checks.flatMap((check) => check.readKeys.filter((key) => !this.#counters.has(key)));
    if (missing.length > 0) return { missing: [...new Set(missing)] };
    return checks.map((check) => {
      const usage: CounterUsage = { spentNanos: 0, reservedNanos: 0, requests: 0, tokens: 0 };
      for (const key of check.readKeys) {
        const counter = this.#counters.get(key)!;
        usage.spentNanos += counter.spentNanos;
        usage.reservedNanos += counter.reservedNanos;
        usage.requests += counter.requests;
        usage.tokens += counter.tokens;
      }
      return usage;
    });
  }

  async seed(key: string, usage: SeedUsage, expiresAt: number): Promise<void> {
    if (!this.#counters.has(key)) this.#counters.set(key, { ...usage, reservedNanos: 0, expiresAt });
  }

  async reserve(
    id: string,
    checks: readonly CounterCheck[],
    worstCase: CallCost,
    ttlMs: number,
    now: number,
  ): Promise<ReserveOutcome> {
    this.#sweep(now);
    const usages = this.#usages(checks);
    if (!Array.isArray(usages)) return { status: "unseeded", keys: usages.missing };
    const refusedBy = decideReservation(checks, usages, worstCase);
    if (refusedBy >= 0) return { status: "refused", usages, refusedBy };
    const keys = [...new Set(checks.map((check) => check.writeKey))];
    for (const key of keys) this.#counters.get(key)!.reservedNanos += worstCase.costNanos;
    this.#reservations.set(id, { keys, amount: worstCase, expiresAt: now + ttlMs });
    return { status: "reserved", usages };
  }

  async settle(id: string, actual: CallCost, now: number): Promise<SettleOutcome> {
    this.#sweep(now);
    const reservation = this.#reservations.get(id);
    if (reservation === undefined) return this.#settled.has(id) ? "already_settled" : "unknown";
    this.#release(id, reservation);
    this.#settled.set(id, now + SETTLED_MEMORY_MS);
    this.#add(reservation.keys, actual);
    return "settled";
  }

  async record(
    writeKeys: readonly string[],
    actual: CallCost & { requests?: number },
    now: number,
  ): Promise<void> {
    this.#sweep(now);
    this.#add(writeKeys, actual);
  }

  #add(keys: readonly string[], actual: CallCost & { requests?: number }): void {
    for (const key of new Set(keys)) {
      const counter = this.#counters.get(key);
      if (counter === undefined) continue;
      counter.spentNanos += actual.costNanos;
      counter.tokens += actual.tokens;
      counter.requests += actual.requests ?? 1;
    }
  }

  async read(checks: readonly CounterCheck[], now: number): Promise<ReadOutcome> {
    this.#sweep(now);
    const usages = this.#usages(checks);
    return Array.isArray(usages) ? { status: "ok", usages } : { status: "unseeded", keys: usages.missing };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#counters.clear();
    this.#reservations.clear();
  }
}
