/**
 * @burnrate/server — the HTTP API (a web-standard Hono app) and its Node adapter.
 */
export * from "./auth/api-key.js";
export * from "./auth/key-resolver.js";
export * from "./budgets/budget-guard.js";
export * from "./budgets/budget-state.js";
export * from "./budgets/create-budget-guard.js";
export * from "./budgets/in-memory-budget-state.js";
export * from "./budgets/open-redis-budget-state.js";
export { presentBudget, presentKill } from "./budgets/present-budget.js";
export type { RedisBudgetState } from "./budgets/redis-budget-state.js";
export * from "./create-app.js";
export * from "./node/database-url.js";
export * from "./node/open-storage.js";
export * from "./node/prices-file.js";
export * from "./node/reprice-ledger.js";
export * from "./node/server-config.js";
export * from "./node/server-secret.js";
export * from "./node/start-server.js";
export * from "./node/user-prices-watcher.js";
export { presentAgent } from "./routes/agent-routes.js";
export { readSpendQuery } from "./routes/spend-routes.js";
export * from "./version.js";
