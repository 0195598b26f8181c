import type { ModelPrice } from "./model-price.js";

/**
 * A correction to the upstream price book: from `effectiveFrom` (an instant, not just a date),
 * the listed price-book models are priced with `price` instead. Checked before the book, and
 * hashed into every priceBookVersion (docs/pricing.md, "Overrides").
 */
export interface PriceOverride {
  /** The upstream provider whose models this corrects (`anthropic`, `aws`, `deepseek`…). */
  upstreamProvider: string;
  /** Price-book model ids (what a wire id resolves to), not wire ids. */
  modelIds: readonly string[];
  /** ISO 8601 instant from which this price holds. */
  effectiveFrom: string;
  price: ModelPrice;
  /** Where the price was published. */
  source: string;
  note: string;
}

const SONNET_4_BEDROCK: ModelPrice = {
  input: "3",
  output: "15",
  cacheRead: "0.30",
  cacheWrite5m: "3.75",
  tiers: [
    { aboveInputTokens: 200_000, input: "6", output: "22.50", cacheRead: "0.60", cacheWrite5m: "7.50" },
  ],
};

const SONNET_4_LONG_CONTEXT: ModelPrice = {
  input: "3",
  output: "15",
  cacheRead: "0.30",
  cacheWrite5m: "3.75",
  cacheWrite1h: "6",
  perWebSearch: "0.01",
  tiers: [
    {
      aboveInputTokens: 200_000,
      input: "6",
      output: "22.50",
      cacheRead: "0.60",
      cacheWrite5m: "7.50",
      cacheWrite1h: "12",
    },
  ],
};

export const PRICE_OVERRIDES: readonly PriceOverride[] = [
  {
    upstreamProvider: "deepseek",
    modelIds: ["deepseek-chat", "deepseek-reasoner"],
    effectiveFrom: "2025-09-05T16:00:00Z",
    price: { input: "0.56", cacheRead: "0.07", output: "1.68" },
    source: "https://api-docs.deepseek.com/quick_start/pricing",
    note: "DeepSeek-V3.1 prices for both endpoints; the night-time discount is cancelled",
  },
  {
    upstreamProvider: "deepseek",
    modelIds: ["deepseek-chat", "deepseek-reasoner"],
    effectiveFrom: "2025-09-29T00:00:00Z",
    price: { input: "0.28", cacheRead: "0.028", output: "0.42" },
    source: "https://api-docs.deepseek.com/news/news250929",
    note: "DeepSeek-V3.2-Exp: API prices cut by 50%+ 'effective immediately' on 2025-09-29 (hour unverified)",
  },
  {
    upstreamProvider: "anthropic",
    modelIds: ["claude-sonnet-4-0"],
    effectiveFrom: "2025-05-22T00:00:00Z",
    price: SONNET_4_LONG_CONTEXT,
    source: "https://docs.anthropic.com/en/docs/about-claude/pricing#long-context-pricing",
    note: "prompts over 200k input tokens (1M-context beta) cost $6 / $22.50; the book lacks the tier",
  },
  {
    upstreamProvider: "aws",
    modelIds: [
      "regional.anthropic.claude-sonnet-4-20250514-v1:0",
      "global.anthropic.claude-sonnet-4-20250514-v1:0",
    ],
    effectiveFrom: "2025-05-22T00:00:00Z",
    price: SONNET_4_BEDROCK,
    source: "https://aws.amazon.com/bedrock/pricing/",
    note: "Sonnet 4 on Bedrock with the 1M context: the Anthropic long-context tier (unverified on the AWS page)",
  },
];

const instants = new WeakMap<PriceOverride, number>();
function effectiveAt(override: PriceOverride): number {
  let at = instants.get(override);
  if (at === undefined) {
    at = Date.parse(override.effectiveFrom);
    instants.set(override, at);
  }
  return at;
}

/** The override in force for a price-book model at `at`: the latest one that has started. */
export function findPriceOverride(
  overrides: readonly PriceOverride[],
  upstreamProvider: string,
  modelId: string,
  at: number,
): PriceOverride | undefined {
  let found: PriceOverride | undefined;
  for (const override of overrides) {
    if (override.upstreamProvider !== upstreamProvider || !override.modelIds.includes(modelId)) continue;
    if (effectiveAt(override) > at) continue;
    if (found === undefined || effectiveAt(override) >= effectiveAt(found)) found = override;
  }
  return found;
}
