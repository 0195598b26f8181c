import type { CallCost, CounterCheck, CounterUsage } from "./budget-state.js";

/**
 * The index of the first enforced check this call would take past a limit, or -1 when it fits
 * under all of them. The same rule as core's authorizeCall, on counters; the Redis state runs it
 * in Lua (redis-budget-scripts.ts), so any change here must be made there too.
 */
export function decideReservation(
  checks: readonly CounterCheck[],
  usages: readonly CounterUsage[],
  worstCase: CallCost,
): number {
  return checks.findIndex((check, index) => {
    if (!check.enforce) return false;
    const usage = usages[index]!;
    if (usage.spentNanos + usage.reservedNanos + worstCase.costNanos > check.limitNanos) return true;
    if (check.limitRequests !== undefined && usage.requests + 1 > check.limitRequests) return true;
    return check.limitTokens !== undefined && usage.tokens + worstCase.tokens > check.limitTokens;
  });
}
