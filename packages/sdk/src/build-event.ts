import type { AccumulatedUsage, ProviderCall } from "@burnrate/core/providers";
import type { Attribution } from "./options.js";
import { randomUuid } from "./random-uuid.js";
import { SDK_VERSION } from "./sdk-version.js";

/** How a captured call ended, as far as the SDK could see. */
export type CallOutcome = "ok" | "http_error" | "aborted" | "stream_error" | "network_error";

export interface CapturedCall {
  call: ProviderCall;
  startedAt: number;
  /** Milliseconds until the response headers arrived. */
  timeToFirstByteMs?: number;
  latencyMs: number;
  statusCode?: number;
  outcome: CallOutcome;
  stream: boolean;
  usage: AccumulatedUsage;
  requestModel: () => string | undefined;
  attribution: Attribution;
  environment?: string;
  /** The server's budget reservation the call ran under: the event's cost settles it. */
  reservationId?: string;
}

const ATTRIBUTION_FIELDS = [
  "featureId",
  "userTier",
  "agentId",
  "taskId",
  "workflowId",
  "customerId",
] as const;

function roundMs(value: number): number {
  return Math.max(0, Math.round(value * 10) / 10);
}

/**
 * The event sent for one call: counts, model, timing, status and labels, never prompt or
 * completion text. No cost unless the provider reported one: the server prices the rest.
 */
export function buildEvent(captured: CapturedCall): Record<string, unknown> {
  const { call, usage, attribution } = captured;
  const model = usage.model ?? captured.requestModel() ?? call.urlModel;
  const event: Record<string, unknown> = {
    eventId: randomUuid(),
    timestamp: new Date(captured.startedAt).toISOString(),
    source: "sdk",
    provider: call.provider,
    operation: call.operation,
    latencyMs: roundMs(captured.latencyMs),
    sdkVersion: SDK_VERSION,
  };
  if (model !== undefined) event.model = model.slice(0, 256);
  if (captured.statusCode !== undefined) event.statusCode = captured.statusCode;
  if (captured.reservationId !== undefined) event.reservationId = captured.reservationId;
  Object.assign(event, usage.usage);
  if (usage.providerCostNanos !== undefined) {
    event.costUsd = usage.providerCostNanos / 1e9;
    event.costSource = "PROVIDER_REPORTED";
  }
  const environment = attribution.environment ?? captured.environment;
  if (environment !== undefined) event.environment = environment;
  for (const field of ATTRIBUTION_FIELDS) {
    const value = attribution[field];
    if (typeof value === "string" && value.trim() !== "") event[field] = value;
  }
  event.metadata = {
    endpoint: call.family,
    stream: captured.stream,
    outcome: captured.outcome,
    usageReported: usage.usage !== undefined,
    ...(captured.timeToFirstByteMs === undefined
      ? {}
      : { timeToFirstByteMs: roundMs(captured.timeToFirstByteMs) }),
  };
  return event;
}
