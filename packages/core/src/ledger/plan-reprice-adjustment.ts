import type { CostSource, LedgerEntry, NewLedgerEntry } from "../events/ledger-event.js";
import type { EventPrice } from "../pricing/price-event.js";

/** Costs the engine computed, and so may correct; a client's or a provider's own figure is never re-priced. */
export const REPRICEABLE_SOURCES: ReadonlySet<CostSource> = new Set([
  "PROVIDER_REGISTRY",
  "USER_PRICE",
  "FALLBACK_ECONOMICS",
  "UNPRICED",
]);

const ATTRIBUTION = ["agentId", "featureId", "userTier", "taskId", "workflowId", "customerId"] as const;

/**
 * The compensating entry that brings an event's cost from what the ledger holds now (the event
 * plus earlier adjustments) to a new price, or undefined when nothing changes. Corrections never
 * edit a row: the adjustment carries the difference, dated at the event's own time so that
 * totals by day move to the right day, with the event's attribution and no token counts.
 */
export function planRepriceAdjustment(
  event: LedgerEntry,
  currentCostNanos: number,
  price: EventPrice,
  entry: { eventId: string; receivedAt: number },
): NewLedgerEntry | undefined {
  if (event.entryType !== "event" || !REPRICEABLE_SOURCES.has(event.costSource)) return undefined;
  if (price.costNanos === undefined || price.costNanos === currentCostNanos) return undefined;
  const adjustment: NewLedgerEntry = {
    projectId: event.projectId,
    eventId: entry.eventId,
    entryType: "adjustment",
    adjustsEventId: event.eventId,
    timestamp: event.timestamp,
    receivedAt: entry.receivedAt,
    environment: event.environment,
    source: event.source,
    provider: event.provider,
    operation: event.operation,
    costNanos: price.costNanos - currentCostNanos,
    costSource: price.costSource,
    priceBookVersion: price.priceBookVersion,
    metadata: { reason: "reprice", previousCostNanos: currentCostNanos, repricedCostNanos: price.costNanos },
  };
  if (event.model !== undefined) adjustment.model = event.model;
  if (price.priceId !== undefined) adjustment.priceId = price.priceId;
  for (const field of ATTRIBUTION) if (event[field] !== undefined) adjustment[field] = event[field];
  return adjustment;
}
