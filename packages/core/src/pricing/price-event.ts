import type { CostSource, NormalizedEvent } from "../events/ledger-event.js";
import { computeCost } from "./compute-cost.js";
import { contentHash } from "./content-hash.js";
import { dollarsToPicos, picosToDollars } from "./exact-decimal.js";
import type { ModelPrice, TokenRates } from "./model-price.js";
import { PRICE_BOOK } from "./price-book.generated.js";
import { selectPeriod, toModelPrice } from "./price-book.js";
import type { PriceBookData, PriceBookModel, PricedPeriod } from "./price-book-data.js";
import { findPriceOverride, PRICE_OVERRIDES, type PriceOverride } from "./price-overrides.js";
import { type ModelPrices, resolveModelPrices } from "./resolve-model-prices.js";
import { EMPTY_USER_PRICES, effectiveFromMs, type UserDiscount, type UserPrices } from "./user-prices.js";

export interface EventPrice {
  costNanos?: number;
  costSource: CostSource;
  /** What the figure was computed from, e.g. `openai/gpt-4o`, `override:deepseek/deepseek-chat@…`, `family:openai/gpt-5*→openai/gpt-5-pro`. */
  priceId?: string;
  priceBookVersion: string;
}

export interface PricingOptions {
  /** The upstream price snapshot; the pinned one by default. */
  book?: PriceBookData;
  /** Corrections checked before the book; burnrate's own by default. */
  overrides?: readonly PriceOverride[];
  /** The user's prices, discounts and aliases (prices.json). */
  userPrices?: UserPrices;
}

export type PricedFields = Pick<
  NormalizedEvent,
  | "provider"
  | "model"
  | "timestamp"
  | "inputTokens"
  | "outputTokens"
  | "cacheReadTokens"
  | "cacheWriteTokens"
  | "cacheWrite1hTokens"
  | "webSearchRequests"
  | "serviceTier"
>;

/**
 * Service-tier multipliers the providers publish as flat rules (the price book does not model
 * tiers): the Batch APIs of OpenAI, Anthropic, Google and Bedrock, and OpenAI's flex processing,
 * cost half. Priority prices differ per model and are not here.
 */
const SERVICE_TIER_MULTIPLIERS: Readonly<Record<string, ModelPrice["serviceTierMultipliers"]>> = {
  openai: { batch: 0.5, flex: 0.5 },
  "azure-openai": { batch: 0.5 },
  anthropic: { batch: 0.5 },
  gemini: { batch: 0.5 },
  vertex: { batch: 0.5 },
  bedrock: { batch: 0.5 },
};
/** When a tier's multiplier is unknown, price it at an upper bound and flag it as fallback. */
const UNKNOWN_TIER_UPPER_BOUND = { batch: 1, flex: 1, priority: 2 } as const;

interface Candidate {
  price: ModelPrice;
  priceId: string;
}

// Periods and prices are immutable data: convert each once (bench/ingest-throughput prices every event).
const modelPrices = new WeakMap<PricedPeriod, ModelPrice>();
function modelPriceOf(period: PricedPeriod): ModelPrice {
  let price = modelPrices.get(period);
  if (price === undefined) {
    price = toModelPrice(period);
    modelPrices.set(period, price);
  }
  return price;
}

const doubleRate = (rate: TokenRates["input"]) => picosToDollars(2n * dollarsToPicos(rate));
const withOneHourBound = new WeakMap<ModelPrice, ModelPrice>();
/** 1-hour cache writes of a model whose price omits them: bounded by 2× input (Anthropic's own ratio). */
function oneHourUpperBound(price: ModelPrice): ModelPrice {
  let bounded = withOneHourBound.get(price);
  if (bounded === undefined) {
    bounded = {
      ...price,
      cacheWrite1h: doubleRate(price.input),
      ...(price.tiers
        ? {
            tiers: price.tiers.map((tier) => ({
              ...tier,
              cacheWrite1h: tier.cacheWrite1h ?? doubleRate(tier.input),
            })),
          }
        : {}),
    };
    withOneHourBound.set(price, bounded);
  }
  return bounded;
}

function bookCandidate(
  overrides: readonly PriceOverride[],
  upstreamProvider: string,
  model: PriceBookModel,
  at: number,
): Candidate {
  const override = findPriceOverride(overrides, upstreamProvider, model.id, at);
  if (override !== undefined)
    return {
      price: override.price,
      priceId: `override:${upstreamProvider}/${model.id}@${override.effectiveFrom}`,
    };
  const period = selectPeriod(model.periods, at);
  const dated = period.startDate === undefined ? "" : `@${period.startDate}`;
  return { price: modelPriceOf(period), priceId: `${upstreamProvider}/${model.id}${dated}` };
}

function userCandidate(prices: ModelPrices, provider: string, at: number): Candidate | undefined {
  let found: ModelPrices["userPrices"][number] | undefined;
  for (const price of prices.userPrices) if (effectiveFromMs(price.effectiveFrom) <= at) found = price;
  if (found === undefined) return undefined;
  const { input, output, cacheRead, cacheWrite5m, cacheWrite1h, perRequest } = found;
  return {
    price: { input, output, cacheRead, cacheWrite5m, cacheWrite1h, perRequest },
    priceId: `user:${provider}/${prices.model}${found.effectiveFrom ? `@${found.effectiveFrom}` : ""}`,
  };
}

function findDiscount(discounts: readonly UserDiscount[], provider: string, model: string, at: number) {
  let found: UserDiscount | undefined;
  for (const discount of discounts) {
    if (discount.provider !== provider || effectiveFromMs(discount.effectiveFrom) > at) continue;
    if (discount.model !== undefined && discount.model.trim().toLowerCase() !== model) continue;
    // A model's own discount beats a provider-wide one; a later one beats an earlier one.
    if (found === undefined || (discount.model !== undefined) >= (found.model !== undefined))
      found = discount;
  }
  return found;
}

const DAY_MS = 86_400_000;
const MAX_MEMOIZED = 10_000;

/**
 * A pricer: event → cost, source and price id. Sources in order: the user's price (USER_PRICE);
 * an override or the book's exact match (PROVIDER_REGISTRY, or USER_PRICE when the user's
 * discount applies); a loose match or the model's family, priced at the dearest member
 * (FALLBACK_ECONOMICS, an upper bound); otherwise UNPRICED, never $0. The price in force at the
 * event's timestamp is used. Model resolution is memoized per (provider, model, UTC day).
 */
export function createEventPricer(options: PricingOptions = {}): (event: PricedFields) => EventPrice {
  const book = options.book ?? PRICE_BOOK;
  const overrides = options.overrides ?? PRICE_OVERRIDES;
  const user = options.userPrices ?? EMPTY_USER_PRICES;
  const version = `${book.source}+overrides.${contentHash(overrides).slice(0, 8)}`;
  const userVersion = `${version}+user.${contentHash(user).slice(0, 8)}`;
  const memo = new Map<string, ModelPrices>();

  function resolve(provider: string, model: string, at: number): ModelPrices {
    const key = `${provider}\n${model}\n${Math.floor(at / DAY_MS)}`;
    let found = memo.get(key);
    if (found === undefined) {
      if (memo.size >= MAX_MEMOIZED) memo.clear();
      found = resolveModelPrices(book, user, provider, model, at);
      memo.set(key, found);
    }
    return found;
  }

  return (event) => {
    if (event.model === undefined || (event.inputTokens === undefined && event.outputTokens === undefined))
      return { costSource: "UNPRICED", priceBookVersion: version };
    const at = event.timestamp;
    const prices = resolve(event.provider, event.model, at);
    let source: CostSource;
    let candidates: Candidate[];
    const userPrice = userCandidate(prices, event.provider, at);
    if (userPrice !== undefined) {
      source = "USER_PRICE";
      candidates = [userPrice];
    } else if (prices.book?.strength === "exact") {
      source = "PROVIDER_REGISTRY";
      candidates = [bookCandidate(overrides, prices.book.upstreamProvider, prices.book.model, at)];
    } else if (prices.book !== undefined || prices.family !== undefined) {
      source = "FALLBACK_ECONOMICS";
      const members = [...(prices.book ? [prices.book] : []), ...(prices.family?.members ?? [])];
      candidates = members.map((member) =>
        bookCandidate(overrides, member.upstreamProvider, member.model, at),
      );
    } else {
      return { costSource: "UNPRICED", priceBookVersion: prices.aliasedFrom ? userVersion : version };
    }

    const tier = event.serviceTier;
    const known = SERVICE_TIER_MULTIPLIERS[event.provider] ?? {};
    const tierKnown = tier === undefined || tier === "standard" || known[tier] !== undefined;
    const multipliers = tierKnown ? known : { ...known, [tier]: UNKNOWN_TIER_UPPER_BOUND[tier] };
    if (!tierKnown) source = "FALLBACK_ECONOMICS";
    const oneHourWrites = (event.cacheWrite1hTokens ?? 0) > 0;

    let best: { costNanos: number; priceId: string } | undefined;
    for (const candidate of candidates) {
      let price = candidate.price;
      if (oneHourWrites && price.cacheWrite1h === undefined) {
        price = oneHourUpperBound(price);
        source = source === "USER_PRICE" ? source : "FALLBACK_ECONOMICS";
      }
      const { costNanos } = computeCost(event, price, { serviceTierMultipliers: multipliers });
      if (best === undefined || costNanos > best.costNanos) best = { costNanos, priceId: candidate.priceId };
    }
    let { costNanos, priceId } = best!;
    if (source === "FALLBACK_ECONOMICS" && prices.book?.strength !== "exact" && prices.family !== undefined)
      priceId = `family:${prices.family.members[0]!.upstreamProvider}/${prices.family.prefix}*→${priceId}`;

    let usedUserConfig = source === "USER_PRICE" || prices.aliasedFrom !== undefined;
    if (source !== "USER_PRICE") {
      const discount = findDiscount(user.discounts, event.provider, prices.model, at);
      if (discount !== undefined) {
        costNanos = applyDiscount(costNanos, discount.percent);
        priceId = `${priceId}-${discount.percent}%`;
        if (source === "PROVIDER_REGISTRY") source = "USER_PRICE";
        usedUserConfig = true;
      }
    }
    return {
      costNanos,
      costSource: source,
      priceId,
      priceBookVersion: usedUserConfig ? userVersion : version,
    };
  };
}

/** cost × (1 − percent/100), rounded half up to a nano-dollar, exactly (percent has at most 6 decimals). */
function applyDiscount(costNanos: number, percent: number): number {
  const keptMillionths = 100_000_000n - BigInt(Math.round(percent * 1_000_000));
  return Number((BigInt(costNanos) * keptMillionths + 50_000_000n) / 100_000_000n);
}

/** Prices one event (no memoization across calls): see createEventPricer. */
export function priceEvent(event: PricedFields, options: PricingOptions = {}): EventPrice {
  return createEventPricer(options)(event);
}
