import type { LedgerEntry } from "@burnrate/core";

/** Entry field → column of `ledger_entries`, the same on every SQL backend. */
export const LEDGER_COLUMNS = {
  projectId: "project_id",
  seq: "seq",
  entryType: "entry_type",
  eventId: "event_id",
  adjustsEventId: "adjusts_event_id",
  timestamp: "timestamp_ms",
  receivedAt: "received_at_ms",
  environment: "environment",
  source: "source",
  provider: "provider",
  model: "model",
  operation: "operation",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
  cacheReadTokens: "cache_read_tokens",
  cacheWriteTokens: "cache_write_tokens",
  reasoningTokens: "reasoning_tokens",
  totalTokens: "total_tokens",
  costNanos: "cost_nanos",
  costSource: "cost_source",
  latencyMs: "latency_ms",
  statusCode: "status_code",
  agentId: "agent_id",
  featureId: "feature_id",
  userTier: "user_tier",
  taskId: "task_id",
  workflowId: "workflow_id",
  customerId: "customer_id",
  metadata: "metadata",
  sdkVersion: "sdk_version",
  serviceTier: "service_tier",
  cacheWrite1hTokens: "cache_write_1h_tokens",
  webSearchRequests: "web_search_requests",
  priceBookVersion: "price_book_version",
  priceId: "price_id",
  engineCostNanos: "engine_cost_nanos",
  apiKeyId: "api_key_id",
  prevHash: "prev_hash",
  hash: "hash",
} as const satisfies Record<keyof LedgerEntry, string>;

export type LedgerColumn = (typeof LEDGER_COLUMNS)[keyof typeof LEDGER_COLUMNS];
export type LedgerRow = Record<LedgerColumn, string | number | null>;

const FIELDS = Object.keys(LEDGER_COLUMNS) as (keyof LedgerEntry)[];
export const LEDGER_COLUMN_LIST: readonly LedgerColumn[] = FIELDS.map((field) => LEDGER_COLUMNS[field]);
const NUMERIC_FIELDS = new Set<keyof LedgerEntry>([
  "seq",
  "timestamp",
  "receivedAt",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "totalTokens",
  "costNanos",
  "latencyMs",
  "statusCode",
  "cacheWrite1hTokens",
  "webSearchRequests",
  "engineCostNanos",
]);

/** Column values in LEDGER_COLUMN_LIST order; metadata as JSON text, absent as null. */
export function entryToValues(entry: LedgerEntry): (string | number | null)[] {
  return FIELDS.map((field) => {
    const value = entry[field];
    if (value === undefined) return null;
    return field === "metadata" ? JSON.stringify(value) : (value as string | number);
  });
}

export function rowToEntry(row: Record<string, unknown>): LedgerEntry {
  const entry: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = row[LEDGER_COLUMNS[field]];
    if (value === null || value === undefined) continue;
    if (field === "metadata") entry[field] = JSON.parse(String(value));
    // PostgreSQL returns BIGINT as a string; every numeric column holds a safe integer or a double.
    else entry[field] = NUMERIC_FIELDS.has(field) ? Number(value) : value;
  }
  return entry as unknown as LedgerEntry;
}
