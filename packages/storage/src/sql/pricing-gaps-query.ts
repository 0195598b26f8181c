import type { Kysely } from "kysely";
import type { PricingGap } from "../storage.js";
import type { Database } from "./database-schema.js";

/**
 * Models a project's events were priced for by fallback economics or not at all, grouped by
 * (provider, model, cost source), dearest first: what `burnrate prices check` and
 * GET /v1/pricing/gaps show so the user can add a price.
 */
export async function queryPricingGaps(
  db: Kysely<Database>,
  projectId: string,
  from?: number,
): Promise<PricingGap[]> {
  let query = db
    .selectFrom("ledger_entries")
    .select(({ fn }) => [
      "provider",
      "model",
      "cost_source",
      fn.countAll<number | string>().as("events"),
      fn.sum<number | string | null>("cost_nanos").as("cost_nanos"),
      fn.max("timestamp_ms").as("last_seen"),
      fn.max("price_id").as("price_id"),
    ])
    .where("project_id", "=", projectId)
    .where("entry_type", "=", "event")
    .where("cost_source", "in", ["FALLBACK_ECONOMICS", "UNPRICED"])
    .groupBy(["provider", "model", "cost_source"]);
  if (from !== undefined) query = query.where("timestamp_ms", ">=", from);
  const rows = await query.execute();
  return rows
    .map((row) => {
      const gap: PricingGap = {
        provider: row.provider,
        costSource: row.cost_source as PricingGap["costSource"],
        events: Number(row.events),
        costNanos: Number(row.cost_nanos ?? 0),
        lastSeen: Number(row.last_seen),
      };
      if (row.model !== null) gap.model = row.model;
      if (row.price_id !== null) gap.priceId = row.price_id;
      return gap;
    })
    .sort((a, b) => b.costNanos - a.costNanos || b.events - a.events);
}
