/**
 * @burnrate/core — pure domain logic: the event schema and its normalization, provider ids,
 * money, the ledger's canonical hashing text. No I/O and no Node-only imports: it runs on
 * Node, in Workers and in the browser, and the SDK bundles it.
 */
export * from "./agents/agent-id.js";
export * from "./budgets/authorize-call.js";
export * from "./budgets/budget-alerts.js";
export * from "./budgets/budget-counters.js";
export * from "./budgets/budget-policy.js";
export * from "./budgets/budget-window.js";
export * from "./budgets/zoned-time.js";
export * from "./errors.js";
export * from "./events/event-input-schema.js";
export * from "./events/ledger-event.js";
export * from "./events/normalize-event.js";
export * from "./events/read-event-batch.js";
export * from "./ledger/canonical-entry.js";
export * from "./ledger/plan-reprice-adjustment.js";
export * from "./ledger/present-entry.js";
export * from "./money.js";
export * from "./pricing/compute-cost.js";
export * from "./pricing/content-hash.js";
export * from "./pricing/exact-decimal.js";
export * from "./pricing/find-model-family.js";
export * from "./pricing/match-model-rule.js";
export * from "./pricing/model-price.js";
export { PRICE_BOOK } from "./pricing/price-book.generated.js";
export * from "./pricing/price-book.js";
export * from "./pricing/price-book-data.js";
export * from "./pricing/price-event.js";
export * from "./pricing/price-overrides.js";
export * from "./pricing/resolve-model-prices.js";
export * from "./pricing/resolve-price-book-model.js";
export * from "./pricing/user-prices.js";
export * from "./providers/index.js";
export * from "./semconv.js";
