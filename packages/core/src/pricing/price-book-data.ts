/**
 * The shape of the price book snapshot (price-book.generated.ts), taken from
 * @pydantic/genai-prices and slimmed to what burnrate prices: rates in $ per million tokens,
 * fees per thousand calls, match rules for model ids, and effective-dated periods.
 */
export type MatchRule =
  | { and: MatchRule[] }
  | { or: MatchRule[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

/** A rate, or a base rate with long-context tiers that apply once input tokens exceed `start`. */
export type RateValue = number | { base: number; tiers: { start: number; price: number }[] };

export const PRICE_BOOK_KEYS = [
  "input_mtok",
  "output_mtok",
  "cache_read_mtok",
  "cache_write_mtok",
  "cache_write_1h_mtok",
  "web_searches_kcount",
  "requests_kcount",
] as const;
export type PriceBookKey = (typeof PRICE_BOOK_KEYS)[number];

export interface PricedPeriod {
  /** UTC date (YYYY-MM-DD) from which these prices hold; absent for the first period. */
  startDate?: string;
  /** A daily UTC window (HH:MM:SS) in which these prices hold instead, e.g. off-peak discounts. */
  timeOfDay?: { start: string; end: string };
  prices: Partial<Record<PriceBookKey, RateValue>>;
  /** Price components the snapshot dropped (audio, images…): a cost from this period covers text only. */
  omitted?: string[];
}

export interface PriceBookModel {
  id: string;
  match: MatchRule;
  periods: PricedPeriod[];
}

export interface PriceBookProvider {
  /** The upstream provider id (e.g. `google` for our `gemini` and `vertex`). */
  id: string;
  /** Upstream providers searched when a model is not found (e.g. azure → openai). */
  fallbackProviders?: string[];
  models: PriceBookModel[];
}

export interface PriceBookData {
  /** `genai-prices@<version>`: stored with every priced event. */
  source: string;
  providers: Record<string, PriceBookProvider>;
}
