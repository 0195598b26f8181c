import { dollarsToPicos } from "./exact-decimal.js";
import type { ModelPrice, TokenRates } from "./model-price.js";

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

/** Rates parsed once to picodollars per million tokens, with the cache fallbacks resolved. */
interface CompiledRates {
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite5m: bigint;
  cacheWrite1h: bigint;
}

interface CompiledPrice {
  base: CompiledRates;
  /** Long-context tiers, highest threshold first. */
  tiers: { aboveInputTokens: number; rates: CompiledRates }[];
  feesPerRequest: bigint;
  perWebSearch: bigint;
}

function compileRates(rates: TokenRates): CompiledRates {
  const input = dollarsToPicos(rates.input);
  const cacheWrite5m = rates.cacheWrite5m === undefined ? input : dollarsToPicos(rates.cacheWrite5m);
  return {
    input,
    output: dollarsToPicos(rates.output),
    cacheRead: rates.cacheRead === undefined ? input : dollarsToPicos(rates.cacheRead),
    cacheWrite5m,
    cacheWrite1h: rates.cacheWrite1h === undefined ? cacheWrite5m : dollarsToPicos(rates.cacheWrite1h),
  };
}

// Parsing decimal rates dominates a cost computation; prices are immutable data, so parse once
// per price object (bench/ingest-throughput prices every event).
const compiled = new WeakMap<ModelPrice, CompiledPrice>();

function compilePrice(price: ModelPrice): CompiledPrice {
  let found = compiled.get(price);
  if (found === undefined) {
    found = {
      base: compileRates(price),
      tiers: [...(price.tiers ?? [])]
        .sort((a, b) => b.aboveInputTokens - a.aboveInputTokens)
        .map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, rates: compileRates(tier) })),
      feesPerRequest: price.perRequest === undefined ? 0n : dollarsToPicos(price.perRequest),
      perWebSearch: price.perWebSearch === undefined ? 0n : dollarsToPicos(price.perWebSearch),
    };
    compiled.set(price, found);
  }
  return found;
}

/** Rounds a non-negative amount half up to the nearest multiple of `unit`, in units. */
const roundHalfUp = (amount: bigint, unit: bigint): bigint => (amount + unit / 2n) / unit;

export interface CostOptions {
  /** Replaces the price's own service-tier multipliers. */
  serviceTierMultipliers?: ModelPrice["serviceTierMultipliers"];
}

/**
 * cost = uncached input × input + cache reads × cache-read + 5-minute writes × cache-write-5m
 *      + 1-hour writes × cache-write-1h + output (reasoning included) × output + fees,
 * all times the service-tier multiplier. Uncached input = input − cache reads − cache writes, so
 * cached tokens are billed exactly once. Each term is exact (tokens × picodollars per million
 * tokens = attodollars); the sum is rounded once to nano-dollars. Pure: the caller supplies the price.
 */
export function computeCost(
  usage: BillableUsage,
  price: ModelPrice,
  options: CostOptions = {},
): CostBreakdown {
  const input = usage.inputTokens ?? 0;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const cacheWrite1h = Math.min(usage.cacheWrite1hTokens ?? 0, cacheWrite);
  const uncached = Math.max(0, input - cacheRead - cacheWrite);

  const { base, tiers, feesPerRequest, perWebSearch } = compilePrice(price);
  const tier = tiers.find((candidate) => input > candidate.aboveInputTokens);
  const rates = tier?.rates ?? base;
  const parts = {
    uncachedInput: BigInt(uncached) * rates.input,
    cacheRead: BigInt(cacheRead) * rates.cacheRead,
    cacheWrite5m: BigInt(cacheWrite - cacheWrite1h) * rates.cacheWrite5m,
    cacheWrite1h: BigInt(cacheWrite1h) * rates.cacheWrite1h,
    output: BigInt(usage.outputTokens ?? 0) * rates.output,
    fees: (feesPerRequest + BigInt(usage.webSearchRequests ?? 0) * perWebSearch) * ATTOS_PER_PICO,
  };
  const tierName = usage.serviceTier ?? "standard";
  const multipliers = options.serviceTierMultipliers ?? price.serviceTierMultipliers;
  const multiplier = tierName === "standard" ? 1 : (multipliers?.[tierName] ?? 1);
  const sum =
    parts.uncachedInput +
    parts.cacheRead +
    parts.cacheWrite5m +
    parts.cacheWrite1h +
    parts.output +
    parts.fees;
  const costNanos =
    multiplier === 1
      ? roundHalfUp(sum, ATTOS_PER_NANO)
      : roundHalfUp(sum * dollarsToPicos(multiplier), ATTOS_PER_NANO * PICOS_PER_DOLLAR);
  const breakdown: CostBreakdown = { costNanos: Number(costNanos), parts, multiplier };
  if (tier !== undefined) breakdown.tierAboveInputTokens = tier.aboveInputTokens;
  return breakdown;
}
