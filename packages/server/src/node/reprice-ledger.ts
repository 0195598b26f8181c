import { createHash } from "node:crypto";
import {
  type EventPrice,
  type LedgerEntry,
  type NewLedgerEntry,
  type PricedFields,
  planRepriceAdjustment,
} from "@burnrate/core";
import type { LedgerStore } from "@burnrate/storage";

export interface RepriceOptions {
  projectId: string;
  /** Events at or after this time (epoch ms) are re-priced. */
  since: number;
  priceEvent: (event: PricedFields) => EventPrice;
  /** Plan only: append nothing. */
  dryRun?: boolean;
  now?: () => number;
  onProgress?: (scanned: number) => void;
}

export interface RepriceReport {
  projectId: string;
  scanned: number;
  adjusted: number;
  /** The sum of the appended adjustments, in nano-dollars (negative when prices fell). */
  deltaNanos: number;
}

const PAGE = 1000;
const APPEND_BATCH = 500;

/** Deterministic, so that two runs racing over the same state append one adjustment, not two. */
function adjustmentId(event: LedgerEntry, currentCostNanos: number, price: EventPrice): string {
  const digest = createHash("sha256")
    .update(
      `${event.eventId}\n${currentCostNanos}\n${price.costNanos}\n${price.priceId}\n${price.priceBookVersion}`,
    )
    .digest("hex");
  return `reprice-${digest.slice(0, 40)}`;
}

/**
 * Re-prices a project's engine-priced events since a date with today's prices and appends a
 * compensating adjustment for each whose cost changed (never edits). Idempotent: a second run
 * finds the ledger already at the new prices and appends nothing.
 */
export async function repriceLedger(ledger: LedgerStore, options: RepriceOptions): Promise<RepriceReport> {
  const events = new Map<string, LedgerEntry>();
  const adjustments = new Map<string, number>();
  let scanned = 0;
  let afterSeq: number | undefined;
  for (;;) {
    const page = await ledger.query({
      projectId: options.projectId,
      from: options.since,
      order: "asc",
      limit: PAGE,
      ...(afterSeq === undefined ? {} : { afterSeq }),
    });
    for (const entry of page.entries) {
      if (entry.entryType === "event") events.set(entry.eventId, entry);
      else if (entry.adjustsEventId !== undefined)
        adjustments.set(
          entry.adjustsEventId,
          (adjustments.get(entry.adjustsEventId) ?? 0) + (entry.costNanos ?? 0),
        );
    }
    scanned += page.entries.length;
    options.onProgress?.(scanned);
    if (page.nextSeq === null) break;
    afterSeq = page.nextSeq;
  }

  const now = options.now ?? Date.now;
  const planned: NewLedgerEntry[] = [];
  for (const event of events.values()) {
    const current = (event.costNanos ?? 0) + (adjustments.get(event.eventId) ?? 0);
    const price = options.priceEvent(event);
    const adjustment = planRepriceAdjustment(event, current, price, {
      eventId: adjustmentId(event, current, price),
      receivedAt: now(),
    });
    if (adjustment !== undefined) planned.push(adjustment);
  }
  if (!options.dryRun) {
    for (let index = 0; index < planned.length; index += APPEND_BATCH)
      await ledger.append(planned.slice(index, index + APPEND_BATCH));
  }
  return {
    projectId: options.projectId,
    scanned,
    adjusted: planned.length,
    deltaNanos: planned.reduce((sum, entry) => sum + (entry.costNanos ?? 0), 0),
  };
}
