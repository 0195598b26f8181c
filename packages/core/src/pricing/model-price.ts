/**
 * A model's price, in US dollars per million tokens, as decimal strings or numbers exactly as
 * the provider publishes them ("2.50", 0.075). computeCost turns them into exact integers.
 */
export type DollarsPerMillion = string | number;

export interface TokenRates {
  input: DollarsPerMillion;
  output: DollarsPerMillion;
  /** Cache reads; absent means cached tokens are billed as input. */
  cacheRead?: DollarsPerMillion;
  /** Cache writes with the default (5-minute) TTL; absent means they are billed as input. */
  cacheWrite5m?: DollarsPerMillion;
  /** Cache writes with a 1-hour TTL; absent means the 5-minute rate applies. */
  cacheWrite1h?: DollarsPerMillion;
}

/** Rates that replace the base ones for the whole request once the prompt is longer than a threshold. */
export interface LongContextTier extends TokenRates {
  /** The tier applies when inputTokens (cached tokens included) exceed this. */
  aboveInputTokens: number;
}

export interface ModelPrice extends TokenRates {
  /** Long-context tiers, e.g. prompts over 200k tokens; the highest one that applies wins. */
  tiers?: LongContextTier[];
  /** A fixed fee per request, in dollars. */
  perRequest?: DollarsPerMillion;
  /** The fee per server-side web search call, in dollars. */
  perWebSearch?: DollarsPerMillion;
  /** Multipliers by service tier, e.g. { batch: 0.5, flex: 0.5, priority: 2 }; standard is 1. */
  serviceTierMultipliers?: Partial<Record<"batch" | "flex" | "priority", number>>;
}
