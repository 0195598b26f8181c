import type { LongContextTier, ModelPrice } from "./model-price.js";
import type {
  PriceBookData,
  PriceBookKey,
  PriceBookModel,
  PricedPeriod,
  RateValue,
} from "./price-book-data.js";

const DAY_MS = 86_400_000;

function secondsOfDay(time: string): number {
  // Upstream writes UTC times as "16:30:00Z".
  const [hours = 0, minutes = 0, seconds = 0] = time.replace(/Z$/i, "").split(":").map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}

function inDailyWindow(at: number, window: { start: string; end: string }): boolean {
  const second = Math.floor((((at % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
  const start = secondsOfDay(window.start);
  const end = secondsOfDay(window.end);
  return start <= end ? second >= start && second < end : second >= start || second < end;
}

/**
 * The period in force at `at` (epoch ms): the last one whose start date (UTC midnight) has
 * passed or whose daily window contains `at`, else the first. This is the rule of the upstream
 * data, cross-checked in price-book.test.ts.
 */
export function selectPeriod(periods: readonly PricedPeriod[], at: number): PricedPeriod {
  for (let index = periods.length - 1; index >= 0; index -= 1) {
    const period = periods[index]!;
    if (period.startDate !== undefined) {
      if (Date.parse(`${period.startDate}T00:00:00Z`) <= at) return period;
    } else if (period.timeOfDay !== undefined) {
      if (inDailyWindow(at, period.timeOfDay)) return period;
    } else {
      return period;
    }
  }
  return periods[0]!;
}

function rateAt(value: RateValue | undefined, start?: number): number | undefined {
  if (value === undefined || typeof value === "number") return value;
  if (start === undefined) return value.base;
  const tier = value.tiers
    .filter((candidate) => candidate.start <= start)
    .sort((a, b) => b.start - a.start)[0];
  return tier?.price ?? value.base;
}

/** Per-thousand fees as per-call dollars, keeping the decimal the data was written with. */
const perCall = (perThousand: number | undefined) =>
  perThousand === undefined ? undefined : perThousand / 1000;

function ratesAt(prices: PricedPeriod["prices"], start?: number) {
  const rate = (key: PriceBookKey) => rateAt(prices[key], start);
  return {
    input: rate("input_mtok") ?? 0,
    output: rate("output_mtok") ?? 0,
    ...(rate("cache_read_mtok") === undefined ? {} : { cacheRead: rate("cache_read_mtok")! }),
    ...(rate("cache_write_mtok") === undefined ? {} : { cacheWrite5m: rate("cache_write_mtok")! }),
    ...(rate("cache_write_1h_mtok") === undefined ? {} : { cacheWrite1h: rate("cache_write_1h_mtok")! }),
  };
}

/** A period's prices in the cost engine's shape; per-field tiers become whole-request tiers. */
export function toModelPrice(period: PricedPeriod): ModelPrice {
  const starts = new Set<number>();
  for (const value of Object.values(period.prices)) {
    if (typeof value === "object") for (const tier of value.tiers) starts.add(tier.start);
  }
  const tiers: LongContextTier[] = [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({ aboveInputTokens: start, ...ratesAt(period.prices, start) }));
  const perRequest = perCall(rateAt(period.prices.requests_kcount));
  const perWebSearch = perCall(rateAt(period.prices.web_searches_kcount));
  return {
    ...ratesAt(period.prices),
    ...(tiers.length > 0 ? { tiers } : {}),
    ...(perRequest === undefined ? {} : { perRequest }),
    ...(perWebSearch === undefined ? {} : { perWebSearch }),
  };
}

/** A model of an upstream provider by its price-book id (not a wire model name: resolution comes next). */
export function findPriceBookModel(
  book: PriceBookData,
  upstreamProvider: string,
  modelId: string,
): PriceBookModel | undefined {
  return book.providers[upstreamProvider]?.models.find((model) => model.id === modelId);
}
