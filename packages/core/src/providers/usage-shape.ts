import type { CanonicalUsage } from "./usage.js";

/** What one JSON document (a whole body, or one streamed event) carries: the raw usage and the model. */
export interface UsageCarrier {
  usage?: Record<string, unknown>;
  model?: string;
}

/**
 * Where a family of APIs puts its usage, and how its numbers convert to the canonical usage.
 * One reader per wire shape, shared by every provider that speaks it; the same `convert` serves
 * the JSON path and the stream path.
 */
export interface UsageShapeReader {
  /** From a whole (non-streamed) JSON response body. */
  readBody(body: Record<string, unknown>): UsageCarrier;
  /** From one streamed event's parsed data (an SSE `data:` or one element of a JSON array). */
  readStreamEvent(data: Record<string, unknown>, eventName: string): UsageCarrier;
  convert(usage: Record<string, unknown>): CanonicalUsage;
}
