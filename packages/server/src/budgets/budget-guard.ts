import { randomUUID } from "node:crypto";
import {
  type ApplicableBudget,
  authorizeCall,
  type BudgetCounters,
  type BudgetScope,
  type BudgetVerdict,
  budgetCounters,
  matchesScope,
  type NormalizedEvent,
  usdToNanos,
} from "@burnrate/core";
import type { BudgetRecord, KillSwitch } from "@burnrate/storage";
import type { BudgetAlertNotifier } from "./budget-alert-notifier.js";
import type { BudgetRegistry } from "./budget-registry.js";
import type { BudgetState, CallCost, CounterCheck, CounterUsage, ReserveOutcome } from "./budget-state.js";
import type { CounterSeeder } from "./counter-seeder.js";

/** What a call is, for scoping: its attribution, provider, model and the key it comes with. */
export type CallAttributes = BudgetScope;

/** What happens when the budget state (Redis) cannot be reached. */
export type FailMode = "open" | "closed";

export interface GuardedBudget {
  record: BudgetRecord;
  counters: BudgetCounters;
  check: CounterCheck;
}

export type AuthorizeDecision =
  | { allowed: true; reservationId?: string; expiresAt?: number; crossed: BudgetVerdict[]; degraded?: string }
  | {
      allowed: false;
      blockedBy: BudgetVerdict;
      crossed: BudgetVerdict[];
      kill?: KillSwitch;
      degraded?: string;
    };

/** An appended event and the reservation it ran under, if any. */
export interface AppendedCall {
  event: NormalizedEvent;
  reservationId?: string;
}

const MAX_SEED_ROUNDS = 3;
const finite = (start: number) => (Number.isFinite(start) ? start : 0);
const costOf = (event: NormalizedEvent): CallCost => ({
  costNanos: event.costNanos ?? 0,
  tokens: (event.inputTokens ?? 0) + (event.outputTokens ?? 0),
});

/**
 * Budget enforcement: decides calls before they run (reserving their worst case), settles them to
 * their real cost, counts every appended event, and raises alerts. The registry says which budgets
 * and kill switches exist, the state holds the counters (this process or Redis), the seeder loads
 * them from the ledger when a window, a budget or a Redis is new.
 */
export class BudgetGuard {
  constructor(
    private readonly registry: BudgetRegistry,
    readonly state: BudgetState,
    private readonly seeder: CounterSeeder,
    private readonly notifier: BudgetAlertNotifier,
    readonly failMode: FailMode = "open",
  ) {}

  /** The budgets whose scope covers a call, with their counters at `at`. */
  applicable(projectId: string, call: CallAttributes, at: number): GuardedBudget[] {
    return this.registry
      .budgets(projectId)
      .filter((budget) => matchesScope(budget.policy.scope, call))
      .map((budget) => guarded(budget, at));
  }

  /** Runs a state operation, loading from the ledger any counter it finds unloaded. */
  async #seeded<T>(
    projectId: string,
    budgets: readonly GuardedBudget[],
    now: number,
    operation: () => Promise<T | { status: "unseeded"; keys: string[] }>,
  ): Promise<T> {
    for (let round = 1; ; round += 1) {
      const outcome = await operation();
      const unseeded = outcome as { status?: string; keys?: string[] };
      if (unseeded.status !== "unseeded") return outcome as T;
      if (round > MAX_SEED_ROUNDS) throw new Error("budget counters could not be loaded from the ledger");
      const targets = budgets.map(({ record, counters }) => ({ projectId, policy: record.policy, counters }));
      await this.seeder.seed(targets, unseeded.keys!, now);
    }
  }

  async authorize(
    projectId: string,
    call: CallAttributes,
    worstCase: CallCost,
    ttlMs: number,
    now = Date.now(),
  ): Promise<AuthorizeDecision> {
    const kill = this.registry.kills(projectId).find((candidate) => matchesScope(candidate.scope, call));
    if (kill !== undefined)
      return {
        allowed: false,
        blockedBy: { budgetId: kill.id, reason: "killed", action: "block", projectedNanos: 0, limitNanos: 0 },
        crossed: [],
        kill,
      };
    const budgets = this.applicable(projectId, call, now);
    if (budgets.length === 0) return { allowed: true, crossed: [] };
    const reservationId = `rsv_${randomUUID()}`;
    const checks = budgets.map((budget) => budget.check);
    let outcome: Exclude<ReserveOutcome, { status: "unseeded" }>;
    try {
      outcome = await this.#seeded(projectId, budgets, now, () =>
        this.state.reserve(`${projectId}:${reservationId}`, checks, worstCase, ttlMs, now),
      );
    } catch (error) {
      return this.#unavailable(error);
    }
    const decision = authorizeCall(
      budgets.map((budget, index) => applicableBudget(budget, outcome.usages[index]!)),
      worstCase.costNanos,
      worstCase.tokens,
    );
    this.#alertDecision(budgets, outcome.usages, decision, now);
    if (outcome.status === "refused") {
      // The state's rule and core's agree; should they not, the state (which reserved nothing) wins.
      const blockedBy = decision.allowed
        ? verdictOf(budgets[outcome.refusedBy]!, outcome.usages[outcome.refusedBy]!, worstCase)
        : decision.blockedBy;
      return { allowed: false, blockedBy, crossed: decision.crossed };
    }
    return { allowed: true, reservationId, expiresAt: now + ttlMs, crossed: decision.crossed };
  }

  #unavailable(error: unknown): AuthorizeDecision {
    const message = `budget state (${this.state.kind}) unavailable: ${error instanceof Error ? error.message : String(error)}`;
    if (this.failMode === "open") return { allowed: true, crossed: [], degraded: `${message}; failing open` };
    return {
      allowed: false,
      blockedBy: {
        budgetId: "",
        reason: "state_unavailable",
        action: "block",
        projectedNanos: 0,
        limitNanos: 0,
      },
      crossed: [],
      degraded: `${message}; failing closed`,
    };
  }

  /** Blocks and warn-budget passes raise their alerts in the background (once per window). */
  #alertDecision(
    budgets: readonly GuardedBudget[],
    usages: readonly CounterUsage[],
    decision: ReturnType<typeof authorizeCall>,
    now: number,
  ): void {
    const fire = (verdict: BudgetVerdict, blocked: boolean) => {
      const index = budgets.findIndex((budget) => budget.record.id === verdict.budgetId);
      const budget = budgets[index];
      if (budget === undefined) return;
      const start = finite(budget.counters.windowStart);
      const spent = usages[index]!.spentNanos;
      const job = blocked
        ? this.notifier.blocked(budget.record, start, spent, now)
        : this.notifier.passed(budget.record, start, spent, now);
      job.catch((error) =>
        console.error("burnrate: budget alert failed:", error instanceof Error ? error.message : error),
      );
    };
    if (!decision.allowed) fire(decision.blockedBy, true);
    for (const verdict of decision.crossed) if (verdict.reason === "limit_usd") fire(verdict, false);
  }

  /** Settles a reservation to the call's real cost; see BudgetState.settle. */
  settle(projectId: string, reservationId: string, actual: CallCost, now = Date.now()) {
    return this.state.settle(`${projectId}:${reservationId}`, actual, now);
  }

  /**
   * Counts appended events: settles the reservations they ran under, adds the others to their
   * budgets' counters (skipping counters just loaded from a ledger that already had them), then
   * fires the alerts their budgets' new spend reaches. `committedAt` is performance.now() after
   * the append committed.
   */
  async recordAppended(
    projectId: string,
    calls: readonly AppendedCall[],
    committedAt: number,
  ): Promise<void> {
    const now = Date.now();
    const touched = new Map<string, BudgetRecord>();
    const unreserved = new Map<string, CallCost & { requests: number }>();
    for (const { event, reservationId } of calls) {
      const budgets = this.applicable(projectId, event as CallAttributes, event.timestamp);
      for (const budget of budgets) touched.set(budget.record.id, budget.record);
      const cost = costOf(event);
      if (
        reservationId !== undefined &&
        (await this.settle(projectId, reservationId, cost, now)) !== "unknown"
      )
        continue;
      for (const { check } of budgets) {
        const sum = unreserved.get(check.writeKey) ?? { costNanos: 0, tokens: 0, requests: 0 };
        sum.costNanos += cost.costNanos;
        sum.tokens += cost.tokens;
        sum.requests += 1;
        unreserved.set(check.writeKey, sum);
      }
    }
    for (const [key, sum] of unreserved)
      if (!(await this.seeder.includes(key, committedAt))) await this.state.record([key], sum, now);
    if (touched.size > 0) await this.#spendChanged(projectId, [...touched.values()], now);
  }

  async #spendChanged(projectId: string, records: readonly BudgetRecord[], now: number): Promise<void> {
    const budgets = records.map((record) => guarded(record, now));
    const read = await this.#seeded(projectId, budgets, now, () =>
      this.state.read(
        budgets.map((budget) => budget.check),
        now,
      ),
    );
    if (read.status !== "ok") return;
    await Promise.all(
      budgets.map((budget, index) =>
        this.notifier.spendChanged(
          budget.record,
          finite(budget.counters.windowStart),
          read.usages[index]!.spentNanos,
          now,
        ),
      ),
    );
  }

  /** Each budget's counters now (loading them from the ledger when needed). */
  async usage(projectId: string, records: readonly BudgetRecord[], now = Date.now()) {
    const budgets = records.map((record) => guarded(record, now));
    if (budgets.length === 0) return [];
    const read = await this.#seeded(projectId, budgets, now, () =>
      this.state.read(
        budgets.map((budget) => budget.check),
        now,
      ),
    );
    if (read.status !== "ok") throw new Error("unreachable");
    return budgets.map((budget, index) => ({ ...budget, usage: read.usages[index]! }));
  }

  kills(projectId: string): readonly KillSwitch[] {
    return this.registry.kills(projectId);
  }

  budgets(projectId: string): readonly BudgetRecord[] {
    return this.registry.budgets(projectId);
  }

  refresh(): Promise<void> {
    return this.registry.refresh();
  }
}

/** Counters stay the same for the whole of a window (or hour, for rolling ones): compute them once per span. */
const spans = new WeakMap<BudgetRecord, GuardedBudget & { from: number; until: number }>();

export function guarded(record: BudgetRecord, at: number): GuardedBudget {
  const hit = spans.get(record);
  if (hit !== undefined && at >= hit.from && at < hit.until) return hit;
  const computed = computeGuarded(record, at);
  const { counters } = computed;
  const rolling = record.policy.window.kind === "rolling";
  const from = rolling ? counters.starts.at(-1)! : counters.windowStart;
  const until = rolling ? from + 3_600_000 : (counters.resetsAt ?? Number.POSITIVE_INFINITY);
  spans.set(record, { ...computed, from, until });
  return computed;
}

function computeGuarded(record: BudgetRecord, at: number): GuardedBudget {
  const counters = budgetCounters(record.projectId, record.id, record.policy, at);
  const { policy } = record;
  return {
    record,
    counters,
    check: {
      readKeys: counters.readKeys,
      writeKey: counters.writeKey,
      expiresAt: counters.expiresAt,
      limitNanos: usdToNanos(policy.limitUsd),
      ...(policy.limitRequests === undefined ? {} : { limitRequests: policy.limitRequests }),
      ...(policy.limitTokens === undefined ? {} : { limitTokens: policy.limitTokens }),
      enforce: policy.action === "block",
    },
  };
}

const applicableBudget = (budget: GuardedBudget, usage: CounterUsage): ApplicableBudget => ({
  id: budget.record.id,
  policy: budget.record.policy,
  usage,
});

function verdictOf(budget: GuardedBudget, usage: CounterUsage, worstCase: CallCost): BudgetVerdict {
  return {
    budgetId: budget.record.id,
    reason: "limit_usd",
    action: "block",
    projectedNanos: usage.spentNanos + usage.reservedNanos + worstCase.costNanos,
    limitNanos: budget.check.limitNanos,
  };
}
