import type { CostSource, NormalizedEvent } from "../events/ledger-event.js";
import { computeCost } from "./compute-cost.js";
import type { ModelPrice } from "./model-price.js";
import { selectPeriod, toModelPrice } from "./price-book.js";
import type { PriceBookData, PricedPeriod } from "./price-book-data.js";
import { type PriceBookMatch, resolvePriceBookModel } from "./resolve-price-book-model.js";

export interface EventPrice {
  costNanos?: number;
  costSource: CostSource;
  priceId?: string;
  priceBookVersion: string;
}

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

// Periods are immutable snapshot data: convert each once (bench/ingest-throughput prices every event).
const modelPrices = new WeakMap<PricedPeriod, ModelPrice>();
function modelPriceOf(period: PricedPeriod): ModelPrice {
  let price = modelPrices.get(period);
  if (price === undefined) {
    price = toModelPrice(period);
    modelPrices.set(period, price);
  }
  return price;
}

type PricedFields = Pick<
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
 * Prices an event from the price book in force at its timestamp. An exact model match is
 * PROVIDER_REGISTRY; a loose one (or a service tier whose price is unknown, priced at an upper
 * bound) is FALLBACK_ECONOMICS; an event with no model, no tokens or no price is UNPRICED.
 */
export function priceEvent(
  event: PricedFields,
  book: PriceBookData,
  resolve: typeof resolvePriceBookModel = resolvePriceBookModel,
): EventPrice {
  const unpriced: EventPrice = { costSource: "UNPRICED", priceBookVersion: book.source };
  if (event.model === undefined || (event.inputTokens === undefined && event.outputTokens === undefined))
    return unpriced;
  const match = resolve(book, event.provider, event.model, event.timestamp);
  if (match === undefined) return unpriced;
  const period = selectPeriod(match.model.periods, event.timestamp);
  const tier = event.serviceTier;
  const known = SERVICE_TIER_MULTIPLIERS[event.provider] ?? {};
  const tierKnown = tier === undefined || tier === "standard" || known[tier] !== undefined;
  const multipliers = tierKnown ? known : { ...known, [tier]: UNKNOWN_TIER_UPPER_BOUND[tier] };
  const { costNanos } = computeCost(event, modelPriceOf(period), { serviceTierMultipliers: multipliers });
  return {
    costNanos,
    costSource: match.strength === "exact" && tierKnown ? "PROVIDER_REGISTRY" : "FALLBACK_ECONOMICS",
    priceId: `${match.upstreamProvider}/${match.model.id}${period.startDate ? `@${period.startDate}` : ""}`,
    priceBookVersion: book.source,
  };
}

const DAY_MS = 86_400_000;
const MAX_MEMOIZED = 10_000;

/**
 * priceEvent with model resolution memoized per (provider, model, UTC day): resolution scans the
 * provider's rules, and a hot ingest path sees the same few models over and over.
 */
export function createEventPricer(book: PriceBookData): (event: PricedFields) => EventPrice {
  const memo = new Map<string, PriceBookMatch | undefined>();
  const resolve: typeof resolvePriceBookModel = (data, provider, model, at) => {
    const key = `${provider}\n${model}\n${Math.floor(at / DAY_MS)}`;
    if (memo.has(key)) return memo.get(key);
    if (memo.size >= MAX_MEMOIZED) memo.clear();
    const found = resolvePriceBookModel(data, provider, model, at);
    memo.set(key, found);
    return found;
  };
  return (event) => priceEvent(event, book, resolve);
}
