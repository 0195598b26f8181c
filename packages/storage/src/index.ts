/**
 * @burnrate/storage — the storage ports (ledger, keys, agents, budgets, kill switches, alerts) and their backends.
 * SQLite (better-sqlite3, WAL) is the embedded default; PostgreSQL (node-postgres) serves any
 * number of instances. Reads, keys and agents go through Kysely, shared by both. Every backend
 * passes testing/storage-conformance.ts.
 */
export * from "./budget-ports.js";
export * from "./ledger-hash.js";
export * from "./missing-ledger-error.js";
export * from "./new-agent.js";
export {
  describePostgresError,
  migratePostgresDatabase,
  openPostgresStorage,
  type PostgresStorageOptions,
} from "./postgres/open-postgres-storage.js";
export { redactDatabaseUrl } from "./postgres/redact-database-url.js";
export { LEDGER_FILTER_FIELDS } from "./sql/build-ledger-query.js";
export { checkTimeZone, localDay } from "./sql/time-zone-day.js";
export * from "./sqlite/migrate-sqlite-database.js";
export * from "./sqlite/open-sqlite-storage.js";
export { SQLITE_MIGRATIONS } from "./sqlite/sqlite-migrations.js";
export * from "./storage.js";
export * from "./verify-ledger.js";
