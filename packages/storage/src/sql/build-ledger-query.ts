import type { Kysely, SelectQueryBuilder } from "kysely";
import type { LedgerFilter, LedgerQuery } from "../storage.js";
import type { Database } from "./database-schema.js";

type LedgerSelect = SelectQueryBuilder<Database, "ledger_entries", object>;

/** Each exact-match filter of a ledger read and the column it compares. */
export const LEDGER_FILTER_COLUMNS = {
  provider: "provider",
  model: "model",
  agentId: "agent_id",
  featureId: "feature_id",
  userTier: "user_tier",
  taskId: "task_id",
  workflowId: "workflow_id",
  customerId: "customer_id",
  environment: "environment",
  source: "source",
  entryType: "entry_type",
  apiKeyId: "api_key_id",
} as const satisfies Partial<Record<keyof LedgerFilter, string>>;

/** The exact-match filters a ledger read takes (besides the time range). */
export const LEDGER_FILTER_FIELDS = Object.keys(
  LEDGER_FILTER_COLUMNS,
) as (keyof typeof LEDGER_FILTER_COLUMNS)[];

/** WHERE clauses of a ledger filter, shared by every SQL backend; always scoped to one project. */
export function applyLedgerFilter<Q extends LedgerSelect>(query: Q, filter: LedgerFilter): Q {
  let scoped = query.where("project_id", "=", filter.projectId) as Q;
  if (filter.from !== undefined) scoped = scoped.where("timestamp_ms", ">=", filter.from) as Q;
  if (filter.to !== undefined) scoped = scoped.where("timestamp_ms", "<", filter.to) as Q;
  for (const [field, column] of Object.entries(LEDGER_FILTER_COLUMNS)) {
    const value = filter[field as keyof typeof LEDGER_FILTER_COLUMNS];
    if (value !== undefined) scoped = scoped.where(column, "=", value) as Q;
  }
  return scoped;
}

export function buildLedgerPageQuery(db: Kysely<Database>, query: LedgerQuery) {
  let select = applyLedgerFilter(db.selectFrom("ledger_entries").selectAll(), query);
  if (query.afterSeq !== undefined)
    select = select.where("seq", query.order === "asc" ? ">" : "<", query.afterSeq);
  return select.orderBy("seq", query.order).limit(query.limit + 1);
}
