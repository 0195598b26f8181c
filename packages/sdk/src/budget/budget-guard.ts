import type { LocalSpend } from "./local-spend.js";
import type { ServerBudgetStatus } from "./server-budget-status.js";

/** Which limit a call ran into, and the spend that reached it. */
export interface BudgetBreach {
  limit: "daily" | "monthly" | "server";
  limitUsd?: number;
  spentUsd: number;
  /** The server's own words, when it refused the call. */
  message?: string;
}

export interface BudgetLimits {
  dailyLimitNanos?: number;
  monthlyLimitNanos?: number;
}

const nanosToUsd = (nanos: number) => nanos / 1e9;

/**
 * Whether the next call is over budget, from what is already known: local spend, and the
 * server's last status. Synchronous and allocation-light: it runs on every call's path. A limit
 * is reached when spend is at or above it. The larger of local and server spend counts (the
 * server's figure already holds this process's delivered calls).
 */
export function checkBudget(
  limits: BudgetLimits,
  local: LocalSpend,
  server: ServerBudgetStatus,
  nowMs: number,
): BudgetBreach | undefined {
  const spent = local.spentAt(nowMs);
  const daily = Math.max(spent.dailyNanos, server.dailyNanos ?? 0);
  const monthly = Math.max(spent.monthlyNanos, server.monthlyNanos ?? 0);
  if (limits.dailyLimitNanos !== undefined && daily >= limits.dailyLimitNanos)
    return { limit: "daily", limitUsd: nanosToUsd(limits.dailyLimitNanos), spentUsd: nanosToUsd(daily) };
  if (limits.monthlyLimitNanos !== undefined && monthly >= limits.monthlyLimitNanos)
    return {
      limit: "monthly",
      limitUsd: nanosToUsd(limits.monthlyLimitNanos),
      spentUsd: nanosToUsd(monthly),
    };
  if (server.exceeded === true) return { limit: "server", spentUsd: nanosToUsd(monthly) };
  return undefined;
}
