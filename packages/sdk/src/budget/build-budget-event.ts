import type { ProviderCall } from "@burnrate/core/providers";
import type { Attribution } from "../options.js";
import { randomUuid } from "../random-uuid.js";
import { SDK_VERSION } from "../sdk-version.js";
import type { BudgetBreach } from "./budget-guard.js";

export type BudgetAction = "block" | "warn" | "log";

/**
 * The ledger event for a call made (warn, log) or refused (block) over budget: operation
 * `budget_warning`, provider `burnrate`, no tokens and no cost; metadata names the limit, the
 * spend and the provider call it concerns.
 */
export function buildBudgetEvent(
  call: ProviderCall,
  breach: BudgetBreach,
  action: BudgetAction,
  context: { atMs: number; model?: string; attribution: Attribution; environment?: string },
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    eventId: randomUuid(),
    timestamp: new Date(context.atMs).toISOString(),
    source: "sdk",
    provider: "burnrate",
    operation: "budget_warning",
    sdkVersion: SDK_VERSION,
    metadata: {
      limit: breach.limit,
      ...(breach.limitUsd === undefined ? {} : { limitUsd: breach.limitUsd }),
      spentUsd: breach.spentUsd,
      action,
      blocked: action === "block",
      callProvider: call.provider,
      endpoint: call.family,
      ...(context.model === undefined ? {} : { callModel: context.model.slice(0, 256) }),
    },
  };
  const environment = context.attribution.environment ?? context.environment;
  if (environment !== undefined) event.environment = environment;
  for (const field of ["featureId", "userTier", "taskId", "workflowId", "customerId"] as const) {
    const value = context.attribution[field];
    if (typeof value === "string" && value.trim() !== "") event[field] = value;
  }
  return event;
}
