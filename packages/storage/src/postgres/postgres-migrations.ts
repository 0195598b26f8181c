import type { Migration } from "../migration.js";

/**
 * Versioned schema of the PostgreSQL backend: the same logical schema as SQLite's migrations,
 * version for version. Append a migration; never edit one that has shipped. Times, token counts
 * and nano-dollars are BIGINT (the pool reads them back as numbers). `metadata` stays TEXT, not
 * JSONB: it is hashed as the exact JSON text it was written with, and JSONB would reorder keys.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "ledger, chain heads, projects, api keys, agents",
    sql: `
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL REFERENCES projects(id),
  scope TEXT NOT NULL CHECK (scope IN ('ingest', 'read', 'admin')),
  name TEXT,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE TABLE agents (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  metadata TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  archived_at BIGINT,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE ledger_entries (
  project_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  entry_type TEXT NOT NULL,
  event_id TEXT NOT NULL,
  adjusts_event_id TEXT,
  timestamp_ms BIGINT NOT NULL,
  received_at_ms BIGINT NOT NULL,
  environment TEXT NOT NULL,
  source TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT,
  operation TEXT NOT NULL,
  input_tokens BIGINT,
  output_tokens BIGINT,
  cache_read_tokens BIGINT,
  cache_write_tokens BIGINT,
  reasoning_tokens BIGINT,
  total_tokens BIGINT,
  cost_nanos BIGINT,
  cost_source TEXT NOT NULL,
  latency_ms DOUBLE PRECISION,
  status_code INTEGER,
  agent_id TEXT,
  feature_id TEXT,
  user_tier TEXT,
  task_id TEXT,
  workflow_id TEXT,
  customer_id TEXT,
  metadata TEXT,
  sdk_version TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (project_id, seq),
  UNIQUE (project_id, event_id)
);
CREATE INDEX ledger_entries_project_time ON ledger_entries (project_id, timestamp_ms);
CREATE FUNCTION ledger_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: add a compensating entry instead';
END $$;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_refuse_change();
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_refuse_change();
CREATE TABLE chain_heads (
  project_id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  seal TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: "ledger columns for the cost engine: service tier, 1-hour cache writes, web searches, price book",
    sql: `
ALTER TABLE ledger_entries ADD COLUMN service_tier TEXT;
ALTER TABLE ledger_entries ADD COLUMN cache_write_1h_tokens BIGINT;
ALTER TABLE ledger_entries ADD COLUMN web_search_requests BIGINT;
ALTER TABLE ledger_entries ADD COLUMN price_book_version TEXT;
ALTER TABLE ledger_entries ADD COLUMN price_id TEXT;
`,
  },
  {
    version: 3,
    name: "the cost engine's own figure beside a client's or provider's cost",
    sql: "ALTER TABLE ledger_entries ADD COLUMN engine_cost_nanos BIGINT;",
  },
  {
    version: 4,
    name: "hourly spend rollups, kept by the writer in the same transaction as each append",
    sql: `
CREATE TABLE spend_rollups (
  project_id TEXT NOT NULL,
  hour_ms BIGINT NOT NULL,
  environment TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  feature_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  user_tier TEXT NOT NULL,
  cost_nanos BIGINT NOT NULL,
  events BIGINT NOT NULL,
  unpriced_events BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  PRIMARY KEY (project_id, hour_ms, environment, provider, model, feature_id, agent_id, user_tier)
);
CREATE INDEX ledger_entries_project_customer_time ON ledger_entries (project_id, customer_id, timestamp_ms)
  WHERE customer_id IS NOT NULL;
INSERT INTO spend_rollups
SELECT project_id, timestamp_ms - timestamp_ms % 3600000, environment, provider,
  COALESCE(model, ''), COALESCE(feature_id, ''), COALESCE(agent_id, ''), COALESCE(user_tier, ''),
  SUM(COALESCE(cost_nanos, 0)), COUNT(*) FILTER (WHERE entry_type = 'event'),
  COUNT(*) FILTER (WHERE entry_type = 'event' AND cost_nanos IS NULL),
  SUM(COALESCE(input_tokens, 0)), SUM(COALESCE(output_tokens, 0))
FROM ledger_entries
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
`,
  },
  {
    version: 5,
    name: "budgets, kill switches, alert webhooks, fired alerts and their deliveries; the key each event came with",
    sql: `
ALTER TABLE ledger_entries ADD COLUMN api_key_id TEXT;
CREATE TABLE budgets (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  policy TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE kill_switches (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  scope TEXT NOT NULL,
  reason TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT,
  lifted_at BIGINT,
  lifted_by TEXT,
  lift_reason TEXT,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE alert_webhooks (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  format TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE fired_alerts (
  project_id TEXT NOT NULL,
  alert_key TEXT NOT NULL,
  budget_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  threshold DOUBLE PRECISION NOT NULL,
  window_start BIGINT NOT NULL,
  spent_nanos BIGINT NOT NULL,
  limit_nanos BIGINT NOT NULL,
  fired_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, alert_key)
);
CREATE TABLE alert_deliveries (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  alert_key TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  response_status INTEGER,
  error TEXT,
  at BIGINT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX alert_deliveries_project_at ON alert_deliveries (project_id, at);
`,
  },
];
