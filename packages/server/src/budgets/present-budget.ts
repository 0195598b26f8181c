import { type BudgetCounters, budgetStanding, nanosToUsd } from "@burnrate/core";
import type { BudgetRecord, KillSwitch } from "@burnrate/storage";
import type { CounterUsage } from "./budget-state.js";

const iso = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();

/** A budget as the API shows it: its policy, and where its current window stands when usage is given. */
export function presentBudget(
  record: BudgetRecord,
  current?: { usage: CounterUsage; counters: BudgetCounters },
) {
  const { policy } = record;
  const body = {
    id: record.id,
    name: policy.name ?? null,
    scope: policy.scope,
    window: policy.window,
    limitUsd: policy.limitUsd,
    limitRequests: policy.limitRequests ?? null,
    limitTokens: policy.limitTokens ?? null,
    action: policy.action,
    alertThresholds: policy.alertThresholds,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
  if (current === undefined) return body;
  const { usage, counters } = current;
  const standing = budgetStanding(policy, usage.spentNanos, usage.reservedNanos);
  return {
    ...body,
    status: {
      state: standing.state,
      spentUsd: nanosToUsd(usage.spentNanos),
      reservedUsd: nanosToUsd(usage.reservedNanos),
      remainingUsd: nanosToUsd(standing.remainingNanos),
      requests: usage.requests,
      tokens: usage.tokens,
      thresholdsReached: standing.reached,
      windowStart: iso(counters.windowStart),
      resetsAt: iso(counters.resetsAt),
    },
  };
}

export function presentKill(kill: KillSwitch) {
  return {
    id: kill.id,
    scope: kill.scope,
    reason: kill.reason ?? null,
    state: kill.liftedAt === undefined ? "active" : "lifted",
    createdAt: iso(kill.createdAt),
    createdBy: kill.createdBy ?? null,
    liftedAt: iso(kill.liftedAt),
    liftedBy: kill.liftedBy ?? null,
    liftReason: kill.liftReason ?? null,
  };
}
