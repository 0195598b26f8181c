/** Table shapes for the SQL builder (Kysely); the DDL lives in each backend's migrations. */
export interface LedgerEntriesTable {
  project_id: string;
  seq: number;
  entry_type: string;
  event_id: string;
  adjusts_event_id: string | null;
  timestamp_ms: number;
  received_at_ms: number;
  environment: string;
  source: string;
  provider: string;
  model: string | null;
  operation: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  cost_nanos: number | null;
  cost_source: string;
  latency_ms: number | null;
  status_code: number | null;
  agent_id: string | null;
  feature_id: string | null;
  user_tier: string | null;
  task_id: string | null;
  workflow_id: string | null;
  customer_id: string | null;
  metadata: string | null;
  sdk_version: string | null;
  service_tier: string | null;
  cache_write_1h_tokens: number | null;
  web_search_requests: number | null;
  price_book_version: string | null;
  price_id: string | null;
  engine_cost_nanos: number | null;
  api_key_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface ChainHeadsTable {
  project_id: string;
  seq: number;
  hash: string;
  seal: string;
}

export interface ProjectsTable {
  id: string;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  key_hash: string;
  project_id: string;
  scope: string;
  name: string | null;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AgentsTable {
  project_id: string;
  id: string;
  name: string;
  description: string | null;
  tags: string;
  metadata: string | null;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}

/** Hourly sums of the ledger by the low-cardinality dimensions; absent dimensions are ''. Derived, rebuildable. */
export interface SpendRollupsTable {
  project_id: string;
  hour_ms: number;
  environment: string;
  provider: string;
  model: string;
  feature_id: string;
  agent_id: string;
  user_tier: string;
  cost_nanos: number;
  events: number;
  unpriced_events: number;
  input_tokens: number;
  output_tokens: number;
}

export interface BudgetsTable {
  project_id: string;
  id: string;
  policy: string;
  created_at: number;
  updated_at: number;
}

export interface KillSwitchesTable {
  project_id: string;
  id: string;
  scope: string;
  reason: string | null;
  created_at: number;
  created_by: string | null;
  lifted_at: number | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export interface AlertWebhooksTable {
  project_id: string;
  id: string;
  url: string;
  format: string;
  created_at: number;
}

export interface FiredAlertsTable {
  project_id: string;
  alert_key: string;
  budget_id: string;
  kind: string;
  threshold: number;
  window_start: number;
  spent_nanos: number;
  limit_nanos: number;
  fired_at: number;
}

export interface AlertDeliveriesTable {
  project_id: string;
  id: string;
  alert_key: string;
  webhook_id: string;
  attempt: number;
  ok: number;
  response_status: number | null;
  error: string | null;
  at: number;
}

export interface Database {
  ledger_entries: LedgerEntriesTable;
  chain_heads: ChainHeadsTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  agents: AgentsTable;
  spend_rollups: SpendRollupsTable;
  budgets: BudgetsTable;
  kill_switches: KillSwitchesTable;
  alert_webhooks: AlertWebhooksTable;
  fired_alerts: FiredAlertsTable;
  alert_deliveries: AlertDeliveriesTable;
}
