import { alertKey, type BudgetAlert, type NewLedgerEntry, nanosToUsd } from "@burnrate/core";
import type { BudgetRecord } from "@burnrate/storage";

/**
 * The ledger entry a warn or log budget writes when calls go past its limit (seed 002 §5.3):
 * operation `budget_warning`, provider `burnrate`, no tokens, zero cost, the budget's attribution.
 * Its eventId is the alert's key, so it is written once per budget and window across instances.
 */
export function budgetWarningEntry(budget: BudgetRecord, alert: BudgetAlert): NewLedgerEntry {
  const { scope } = budget.policy;
  const entry: NewLedgerEntry = {
    projectId: budget.projectId,
    eventId: `budget_warning:${alertKey(alert)}`,
    entryType: "event",
    timestamp: alert.at,
    receivedAt: alert.at,
    environment: scope.environment ?? "production",
    source: "ingest",
    provider: "burnrate",
    operation: "budget_warning",
    costNanos: 0,
    costSource: "CLIENT_SUPPLIED",
    metadata: {
      budgetId: budget.id,
      ...(budget.policy.name === undefined ? {} : { budgetName: budget.policy.name }),
      action: budget.policy.action,
      limitUsd: budget.policy.limitUsd,
      spentUsd: nanosToUsd(alert.spentNanos),
      windowStart: new Date(alert.windowStart).toISOString(),
    },
  };
  for (const field of ["agentId", "featureId", "userTier", "customerId"] as const)
    if (scope[field] !== undefined) entry[field] = scope[field];
  return entry;
}
