import { usdToNanos } from "../money.js";
import type { BudgetAction, BudgetPolicy } from "./budget-policy.js";

/** What one budget has used in its current window: settled spend and calls in flight. */
export interface BudgetUsage {
  spentNanos: number;
  reservedNanos: number;
  requests: number;
  /** Tokens settled (input + output); calls in flight are not counted until they settle. */
  tokens?: number;
}

export interface ApplicableBudget {
  id: string;
  policy: Pick<BudgetPolicy, "limitUsd" | "limitRequests" | "limitTokens" | "action">;
  usage: BudgetUsage;
  /** A manual kill flag on the budget's scope: every call is refused, whatever the spend. */
  killed?: boolean;
}

export interface BudgetVerdict {
  budgetId: string;
  /** `state_unavailable`: the budget state could not be reached and enforcement fails closed. */
  reason: "killed" | "limit_usd" | "limit_requests" | "limit_tokens" | "state_unavailable";
  action: BudgetAction;
  /** Spend + reservations + this call's worst case, against the limit, in nano-dollars. */
  projectedNanos: number;
  limitNanos: number;
}

export type Authorization =
  | { allowed: true /** Budgets a warn or log action let the call cross. */; crossed: BudgetVerdict[] }
  | { allowed: false; blockedBy: BudgetVerdict; crossed: BudgetVerdict[] };

/**
 * Decides a call before it runs, from the budgets that apply to it (scope and window already
 * matched by the caller) and the call's worst-case cost. A call that would take a `block` budget
 * past its limit, counting every reservation in flight, is refused; so is every call under a kill
 * flag. With reservations made atomically on this decision, N concurrent calls cannot together
 * overshoot a block budget: the overshoot is bounded by the reservations, i.e. by nothing.
 */
export function authorizeCall(
  budgets: readonly ApplicableBudget[],
  worstCaseNanos: number,
  /** The call's worst-case tokens (prompt estimate + max output), for token limits. */
  worstCaseTokens = 0,
): Authorization {
  const crossed: BudgetVerdict[] = [];
  let blockedBy: BudgetVerdict | undefined;
  for (const budget of budgets) {
    const limitNanos = usdToNanos(budget.policy.limitUsd);
    const projectedNanos = budget.usage.spentNanos + budget.usage.reservedNanos + worstCaseNanos;
    const base = { budgetId: budget.id, action: budget.policy.action, projectedNanos, limitNanos };
    let verdict: BudgetVerdict | undefined;
    if (budget.killed) verdict = { ...base, reason: "killed", action: "block" };
    else if (projectedNanos > limitNanos) verdict = { ...base, reason: "limit_usd" };
    else if (
      budget.policy.limitRequests !== undefined &&
      budget.usage.requests + 1 > budget.policy.limitRequests
    )
      verdict = { ...base, reason: "limit_requests" };
    else if (
      budget.policy.limitTokens !== undefined &&
      (budget.usage.tokens ?? 0) + worstCaseTokens > budget.policy.limitTokens
    )
      verdict = { ...base, reason: "limit_tokens" };
    if (verdict === undefined) continue;
    if (verdict.action === "block") blockedBy ??= verdict;
    else crossed.push(verdict);
  }
  return blockedBy === undefined ? { allowed: true, crossed } : { allowed: false, blockedBy, crossed };
}
