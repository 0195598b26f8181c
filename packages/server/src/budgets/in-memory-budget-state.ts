import { type ApplicableBudget, type Authorization, authorizeCall, type BudgetUsage } from "@burnrate/core";

/** A budget as the state store sees it: its policy, kill flag and the start of its current window. */
export interface BudgetInWindow extends Omit<ApplicableBudget, "usage"> {
  windowStart: number;
}

export interface Reservation {
  id: string;
  /** The budget windows it holds money in. */
  keys: string[];
  amountNanos: number;
  expiresAt: number;
}

export type ReserveResult = { authorization: Authorization; reservation?: Reservation };

interface WindowUsage extends BudgetUsage {
  reservations: Map<string, Reservation>;
}

const keyOf = (budget: { id: string; windowStart: number }) => `${budget.id}@${budget.windowStart}`;

/**
 * Budget counters and reservations in this process (the default without Redis). Deciding and
 * reserving is one synchronous step, so no two calls can both take the last of a budget: the
 * overshoot of a block budget is bounded by the reservations, which are the calls' worst cases.
 * Reservations that are never settled expire. Counters are per budget and window, so a new window
 * starts at zero without a reset job.
 */
export class InMemoryBudgetState {
  readonly #windows = new Map<string, WindowUsage>();
  readonly #reservations = new Map<string, Reservation>();
  #nextId = 0;

  #window(key: string, now: number): WindowUsage {
    let usage = this.#windows.get(key);
    if (usage === undefined) {
      usage = { spentNanos: 0, reservedNanos: 0, requests: 0, reservations: new Map() };
      this.#windows.set(key, usage);
    }
    for (const reservation of usage.reservations.values())
      if (reservation.expiresAt <= now) this.#drop(reservation);
    return usage;
  }

  #drop(reservation: Reservation): void {
    this.#reservations.delete(reservation.id);
    for (const key of reservation.keys) {
      const usage = this.#windows.get(key);
      if (usage?.reservations.delete(reservation.id)) usage.reservedNanos -= reservation.amountNanos;
    }
  }

  usage(budget: { id: string; windowStart: number }, now: number): BudgetUsage {
    const { spentNanos, reservedNanos, requests } = this.#window(keyOf(budget), now);
    return { spentNanos, reservedNanos, requests };
  }

  /** Decides the call and, when it may run, reserves its worst case in every budget it falls under. */
  reserve(
    budgets: readonly BudgetInWindow[],
    worstCaseNanos: number,
    ttlMs: number,
    now: number,
  ): ReserveResult {
    const applicable = budgets.map((budget) => ({ ...budget, usage: this.usage(budget, now) }));
    const authorization = authorizeCall(applicable, worstCaseNanos);
    if (!authorization.allowed) return { authorization };
    const reservation: Reservation = {
      id: `rsv_${(this.#nextId++).toString(36)}`,
      keys: budgets.map(keyOf),
      amountNanos: worstCaseNanos,
      expiresAt: now + ttlMs,
    };
    for (const key of reservation.keys) {
      const usage = this.#window(key, now);
      usage.reservedNanos += worstCaseNanos;
      usage.reservations.set(reservation.id, reservation);
    }
    this.#reservations.set(reservation.id, reservation);
    return { authorization, reservation };
  }

  /** Turns a reservation into spend at the call's real cost; false when it already expired or was settled. */
  settle(reservationId: string, actualNanos: number): boolean {
    const reservation = this.#reservations.get(reservationId);
    if (reservation === undefined) return false;
    this.#drop(reservation);
    for (const key of reservation.keys) {
      const usage = this.#windows.get(key)!;
      usage.spentNanos += actualNanos;
      usage.requests += 1;
    }
    return true;
  }
}
