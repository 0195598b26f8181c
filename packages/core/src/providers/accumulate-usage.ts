import { providerReportedCostNanos } from "./provider-reported-cost.js";
import { type CanonicalUsage, readRecord } from "./usage.js";
import type { UsageCarrier } from "./usage-shape.js";
import { USAGE_SHAPES, type UsageShapeName } from "./usage-shapes.js";

export interface AccumulatedUsage {
  /** Undefined when the provider reported no usage at all (tokens unknown, never invented). */
  usage?: CanonicalUsage;
  model?: string;
  /** The provider's own figure for the call (OpenRouter, xAI), in nano-dollars. */
  providerCostNanos?: number;
}

export interface UsageAccumulator {
  addBody(body: unknown): void;
  addStreamEvent(data: unknown, eventName?: string): void;
  result(): AccumulatedUsage;
}

/** Keeps the latest reported value of each usage field, nested objects included. */
function mergeLatest(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) continue;
    const nested = readRecord(value);
    if (nested === undefined) {
      target[key] = value;
      continue;
    }
    const existing = readRecord(target[key]) ?? {};
    mergeLatest(existing, nested);
    target[key] = existing;
  }
}

/**
 * Collects usage and model from a whole JSON body or from streamed events, for one wire shape.
 * Only numbers and the model name are kept: never prompt or completion text.
 */
export function createUsageAccumulator(shapeName: UsageShapeName, provider: string): UsageAccumulator {
  const shape = USAGE_SHAPES[shapeName];
  let rawUsage: Record<string, unknown> | undefined;
  let model: string | undefined;
  const take = (carrier: UsageCarrier) => {
    if (carrier.model !== undefined) model = carrier.model;
    if (carrier.usage === undefined) return;
    rawUsage ??= {};
    mergeLatest(rawUsage, carrier.usage);
  };
  return {
    addBody(body) {
      const record = readRecord(body);
      if (record !== undefined) take(shape.readBody(record));
    },
    addStreamEvent(data, eventName = "message") {
      const record = readRecord(data);
      if (record !== undefined) take(shape.readStreamEvent(record, eventName));
    },
    result() {
      if (rawUsage === undefined) return model === undefined ? {} : { model };
      const providerCostNanos = providerReportedCostNanos(provider, rawUsage);
      return {
        usage: shape.convert(rawUsage),
        ...(model === undefined ? {} : { model }),
        ...(providerCostNanos === undefined ? {} : { providerCostNanos }),
      };
    },
  };
}
