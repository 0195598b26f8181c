/**
 * The canonical event: one shape for every way in (SDK, proxy, ingest, OTLP, admin sync).
 *
 * Token convention (OpenTelemetry GenAI, kept everywhere in burnrate):
 * - `inputTokens` counts every prompt token, cache reads and cache writes included;
 *   `cacheReadTokens` and `cacheWriteTokens` are parts of it.
 * - `outputTokens` counts every generated token, reasoning included; `reasoningTokens` is part of it.
 * - A count the source did not report is absent (undefined), never 0.
 */

export const EVENT_SOURCES = ["sdk", "proxy", "ingest", "otel", "admin_sync"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const COST_SOURCES = [
  "PROVIDER_REPORTED",
  "CLIENT_SUPPLIED",
  "PROVIDER_REGISTRY",
  "USER_PRICE",
  "FALLBACK_ECONOMICS",
  "UNPRICED",
] as const;
export type CostSource = (typeof COST_SOURCES)[number];

/** Operations burnrate knows; any other lowercase slug is accepted as well. */
export const KNOWN_OPERATIONS = [
  "llm_call",
  "embedding",
  "tool_call",
  "compute",
  "api_call",
  "image_generation",
  "audio",
  "moderation",
  "rerank",
  "budget_warning",
] as const;

/** How the provider was asked to serve the call; batch and flex are discounted, priority costs more. */
export const SERVICE_TIERS = ["standard", "batch", "flex", "priority"] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** `event` is an observed call; `adjustment` is a compensating entry (corrections never edit a row). */
export const ENTRY_TYPES = ["event", "adjustment"] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** An event after normalization, before the ledger gives it a place in the chain. */
export interface NormalizedEvent {
  eventId: string;
  /** Event time, epoch milliseconds. */
  timestamp: number;
  environment: string;
  source: EventSource;
  provider: string;
  model?: string;
  operation: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  totalTokens?: number;
  /** Exact cost in nano-dollars (see money.ts). */
  costNanos?: number;
  costSource: CostSource;
  latencyMs?: number;
  statusCode?: number;
  agentId?: string;
  featureId?: string;
  userTier?: string;
  taskId?: string;
  workflowId?: string;
  customerId?: string;
  metadata?: Record<string, unknown>;
  sdkVersion?: string;
  serviceTier?: ServiceTier;
  /** The part of cacheWriteTokens written with a 1-hour TTL; the rest are 5-minute writes. */
  cacheWrite1hTokens?: number;
  /** Server-side web search calls, billed per request by some providers. */
  webSearchRequests?: number;
  /** The price book a cost was computed with, so every figure can be reproduced. */
  priceBookVersion?: string;
  /** The price the cost engine matched (provider/model/price-version), to explain the figure. */
  priceId?: string;
  /**
   * The cost engine's own figure, in nano-dollars, when the cost came from elsewhere (a client's
   * or a provider's): kept beside it so discrepancies are visible. Server-authored.
   */
  engineCostNanos?: number;
  /** The API key (or wrapped key) the event arrived with: budgets can be scoped by it. Server-authored. */
  apiKeyId?: string;
}

/** What the ledger stores: the event plus server-authored fields and its link in the project's hash chain. */
export interface LedgerEntry extends NormalizedEvent {
  projectId: string;
  /** 1-based position in the project's chain. */
  seq: number;
  entryType: EntryType;
  /** For adjustments: the event this entry compensates. */
  adjustsEventId?: string;
  /** Server time of receipt, epoch milliseconds; never taken from the client. */
  receivedAt: number;
  prevHash: string;
  hash: string;
}

/** A ledger entry as it is appended: everything but its place in the chain. */
export type NewLedgerEntry = Omit<LedgerEntry, "seq" | "prevHash" | "hash">;

/** The fields of a ledger entry in the order the canonical hash serializes them. */
export const HASHED_FIELDS = [
  "projectId",
  "seq",
  "entryType",
  "eventId",
  "adjustsEventId",
  "timestamp",
  "receivedAt",
  "environment",
  "source",
  "provider",
  "model",
  "operation",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "totalTokens",
  "costNanos",
  "costSource",
  "latencyMs",
  "statusCode",
  "agentId",
  "featureId",
  "userTier",
  "taskId",
  "workflowId",
  "customerId",
  "metadata",
  "sdkVersion",
  // Added after the first release: absent on older rows, so their hashes are unchanged.
  "serviceTier",
  "cacheWrite1hTokens",
  "webSearchRequests",
  "priceBookVersion",
  "priceId",
  "engineCostNanos",
  "apiKeyId",
] as const satisfies readonly (keyof LedgerEntry)[];
