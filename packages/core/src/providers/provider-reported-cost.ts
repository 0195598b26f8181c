/**
 * Costs some providers report with the response (PROVIDERS.md): they win over any estimate, as
 * costSource PROVIDER_REPORTED. OpenRouter: `usage.cost`, in USD credits. xAI:
 * `usage.cost_in_usd_ticks`, an integer where 1 USD = 10^10 ticks.
 */
const TICKS_PER_NANO = 10;

function finiteNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** The provider's own figure for a call, in nano-dollars, from the response's `usage` object; undefined when it reports none. */
export function providerReportedCostNanos(provider: string, usage: unknown): number | undefined {
  if (typeof usage !== "object" || usage === null) return undefined;
  const fields = usage as Record<string, unknown>;
  if (provider === "openrouter" && finiteNonNegative(fields.cost)) {
    // usage.cost is a decimal number of dollars; round it once to nano-dollars, as ingest does.
    return Math.round(fields.cost * 1e9);
  }
  if (provider === "xai" && finiteNonNegative(fields.cost_in_usd_ticks)) {
    // 10 ticks = 1 nano-dollar; round half up.
    return Math.floor((fields.cost_in_usd_ticks + TICKS_PER_NANO / 2) / TICKS_PER_NANO);
  }
  return undefined;
}
