/**
 * Provider knowledge, shared by every capture path (SDK, proxy): which hosts and paths are which
 * provider and API, where each wire shape puts its usage, and the incremental stream parsers.
 * Pure: no I/O and no runtime dependencies, so the SDK can bundle it alone (`@burnrate/core/providers`).
 */
export * from "./accumulate-usage.js";
export * from "./aws-event-stream/crc32.js";
export * from "./aws-event-stream/parse-aws-event-stream.js";
export * from "./detect-provider-call.js";
export * from "./endpoint-routes.js";
export * from "./json-array/parse-json-array-stream.js";
export * from "./provider-ids.js";
export * from "./provider-reported-cost.js";
export * from "./registry.js";
export * from "./sse/parse-sse.js";
export * from "./usage.js";
export * from "./usage-shape.js";
export * from "./usage-shapes.js";
