/**
 * @burnrate/storage — the storage ports (ledger, keys, agents) and their backends.
 * SQLite (better-sqlite3, WAL) is the embedded default; reads go through Kysely so that the
 * PostgreSQL backend shares them. Every backend passes testing/storage-conformance.ts.
 */
export * from "./ledger-hash.js";
export * from "./new-agent.js";
export { LEDGER_FILTER_FIELDS } from "./sql/build-ledger-query.js";
export { checkTimeZone, localDay } from "./sql/time-zone-day.js";
export * from "./sqlite/open-sqlite-storage.js";
export * from "./storage.js";
export * from "./verify-ledger.js";
