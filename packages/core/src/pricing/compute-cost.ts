import { dollarsToPicos } from "./exact-decimal.js";
import type { DollarsPerMillion, ModelPrice, TokenRates } from "./model-price.js";

/** Usage in burnrate's canonical convention (see events/ledger-event.ts): cache and reasoning are parts of input and output. */
export interface BillableUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  cacheWrite1hTokens?: number;
  webSearchRequests?: number;
  serviceTier?: "standard" | "batch" | "flex" | "priority";
}

export interface CostBreakdown {
  /** The whole cost in nano-dollars, rounded once, half up. */
  costNanos: number;
  /** Each component, exact, in attodollars (1e-18 USD: tokens × picodollars per million tokens), for audits. */
  parts: {
    uncachedInput: bigint;
    cacheRead: bigint;
    cacheWrite5m: bigint;
    cacheWrite1h: bigint;
    output: bigint;
    fees: bigint;
  };
  /** The tier's threshold when a long-context tier applied. */
  tierAboveInputTokens?: number;
  multiplier: number;
}

const ATTOS_PER_PICO = 1_000_000n;
const ATTOS_PER_NANO = 1_000_000_000n;
const PICOS_PER_DOLLAR = 1_000_000_000_000n;

/** tokens × $/MTok = tokens × picodollars/MTok = attodollars: exact, no division. */
const tokensTimes = (tokens: number, rate: DollarsPerMillion): bigint =>
  BigInt(tokens) * dollarsToPicos(rate);

/** Rounds a non-negative amount half up to the nearest multiple of `unit`, in units. */
const roundHalfUp = (amount: bigint, unit: bigint): bigint => (amount + unit / 2n) / unit;

/**
 * cost = uncached input × input + cache reads × cache-read + 5-minute writes × cache-write-5m
 *      + 1-hour writes × cache-write-1h + output (reasoning included) × output + fees,
 * all times the service-tier multiplier. Uncached input = input − cache reads − cache writes, so
 * cached tokens are billed exactly once. Each term is exact (picodollars); the sum is rounded
 * once to nano-dollars. Pure: the price is supplied by the caller.
 */
export function computeCost(usage: BillableUsage, price: ModelPrice): CostBreakdown {
  const input = usage.inputTokens ?? 0;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const cacheWrite1h = Math.min(usage.cacheWrite1hTokens ?? 0, cacheWrite);
  const uncached = Math.max(0, input - cacheRead - cacheWrite);

  const tier = [...(price.tiers ?? [])]
    .sort((a, b) => b.aboveInputTokens - a.aboveInputTokens)
    .find((candidate) => input > candidate.aboveInputTokens);
  const rates: TokenRates = tier ?? price;
  const cacheWrite5mRate = rates.cacheWrite5m ?? rates.input;

  const parts = {
    uncachedInput: tokensTimes(uncached, rates.input),
    cacheRead: tokensTimes(cacheRead, rates.cacheRead ?? rates.input),
    cacheWrite5m: tokensTimes(cacheWrite - cacheWrite1h, cacheWrite5mRate),
    cacheWrite1h: tokensTimes(cacheWrite1h, rates.cacheWrite1h ?? cacheWrite5mRate),
    output: tokensTimes(usage.outputTokens ?? 0, rates.output),
    fees:
      ((price.perRequest === undefined ? 0n : dollarsToPicos(price.perRequest)) +
        (price.perWebSearch === undefined
          ? 0n
          : BigInt(usage.webSearchRequests ?? 0) * dollarsToPicos(price.perWebSearch))) *
      ATTOS_PER_PICO,
  };
  const tierName = usage.serviceTier ?? "standard";
  const multiplier = tierName === "standard" ? 1 : (price.serviceTierMultipliers?.[tierName] ?? 1);
  const sum = Object.values(parts).reduce((total, part) => total + part, 0n);
  const costNanos =
    multiplier === 1
      ? roundHalfUp(sum, ATTOS_PER_NANO)
      : roundHalfUp(sum * dollarsToPicos(multiplier), ATTOS_PER_NANO * PICOS_PER_DOLLAR);
  const breakdown: CostBreakdown = { costNanos: Number(costNanos), parts, multiplier };
  if (tier !== undefined) breakdown.tierAboveInputTokens = tier.aboveInputTokens;
  return breakdown;
}
