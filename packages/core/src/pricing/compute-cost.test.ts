import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeCost } from "./compute-cost.js";
import { dollarsToPicos } from "./exact-decimal.js";
import type { ModelPrice } from "./model-price.js";

// Rates in $ per million tokens, as the providers publish them.
const gpt4o: ModelPrice = {
  input: "2.50",
  cacheRead: "1.25",
  output: "10.00",
  serviceTierMultipliers: { batch: 0.5, flex: 0.5 },
};
const claudeSonnet4: ModelPrice = {
  input: "3",
  cacheRead: "0.30",
  cacheWrite5m: "3.75",
  cacheWrite1h: "6",
  output: "15",
};
const gemini25Pro: ModelPrice = {
  input: "1.25",
  output: "10",
  tiers: [{ aboveInputTokens: 200_000, input: "2.50", output: "15" }],
};

describe("computeCost", () => {
  test("OpenAI-style usage: cached tokens are part of the prompt and billed once, at the cached rate", () => {
    // 10,000 prompt tokens of which 4,000 cached; 500 output.
    // 6,000 × 2.50 + 4,000 × 1.25 + 500 × 10.00 = 15,000 + 5,000 + 5,000 = 25,000 $/M → $0.025
    const { costNanos } = computeCost(
      { inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 500 },
      gpt4o,
    );
    assert.equal(costNanos, 25_000_000);
  });

  test("Anthropic-style usage with 5-minute and 1-hour cache writes", () => {
    // input 1,000 uncached + 2,000 read + 3,000 written (1,000 of them 1-hour) = 6,000; output 400.
    // 1,000 × 3 + 2,000 × 0.30 + 2,000 × 3.75 + 1,000 × 6 + 400 × 15
    // = 3,000 + 600 + 7,500 + 6,000 + 6,000 = 23,100 $/M → $0.0231
    const { costNanos, parts } = computeCost(
      {
        inputTokens: 6_000,
        cacheReadTokens: 2_000,
        cacheWriteTokens: 3_000,
        cacheWrite1hTokens: 1_000,
        outputTokens: 400,
      },
      claudeSonnet4,
    );
    assert.equal(costNanos, 23_100_000);
    assert.equal(parts.cacheWrite1h, 1_000n * dollarsToPicos("6"));
  });

  test("reasoning tokens are inside output and never billed twice", () => {
    // 100 in, 1,000 out (800 of them reasoning): 100 × 2.50 + 1,000 × 10 = 10,250 $/M → $0.01025
    assert.equal(computeCost({ inputTokens: 100, outputTokens: 1_000 }, gpt4o).costNanos, 10_250_000);
  });

  test("a long-context tier prices the whole request once the prompt passes its threshold", () => {
    // At 200,000 input tokens the base rates hold: 200,000 × 1.25 + 1,000 × 10 = 260,000 $/M → $0.26
    const atLimit = computeCost({ inputTokens: 200_000, outputTokens: 1_000 }, gemini25Pro);
    assert.equal(atLimit.costNanos, 260_000_000);
    assert.equal(atLimit.tierAboveInputTokens, undefined);
    // One more token: 200,001 × 2.50 + 1,000 × 15 = 515,002.5 $/M → $0.5150025
    const over = computeCost({ inputTokens: 200_001, outputTokens: 1_000 }, gemini25Pro);
    assert.equal(over.costNanos, 515_002_500);
    assert.equal(over.tierAboveInputTokens, 200_000);
  });

  test("batch and flex multipliers apply to the whole cost; unknown multipliers default to 1", () => {
    // 1,000 × 2.50 + 1,000 × 10 = 12,500 $/M = $0.0125; batch halves it.
    assert.equal(
      computeCost({ inputTokens: 1_000, outputTokens: 1_000, serviceTier: "batch" }, gpt4o).costNanos,
      6_250_000,
    );
    assert.equal(
      computeCost({ inputTokens: 1_000, outputTokens: 1_000, serviceTier: "priority" }, gpt4o).costNanos,
      12_500_000,
    );
  });

  test("per-request and web search fees are added once per request and per search", () => {
    const withSearch: ModelPrice = { ...gpt4o, perRequest: "0.001", perWebSearch: "0.01" };
    // 0 tokens; 0.001 + 3 × 0.01 = $0.031
    assert.equal(computeCost({ webSearchRequests: 3 }, withSearch).costNanos, 31_000_000);
  });

  test("sub-nano amounts are summed exactly and rounded once, half up", () => {
    // 1 token × $0.075/M = $0.000000075 = 75 nanos; 3 tokens × $0.0375/M = 112.5 nanos → 113
    assert.equal(computeCost({ inputTokens: 1 }, { input: 0.075, output: 0 }).costNanos, 75);
    assert.equal(computeCost({ inputTokens: 3 }, { input: "0.0375", output: 0 }).costNanos, 113);
    // Ten thousand separate 1-token calls would drift if rounded per token; one call does not.
    assert.equal(computeCost({ inputTokens: 10_000 }, { input: "0.0375", output: 0 }).costNanos, 375_000);
  });

  test("cache prices fall back to the input rate when a provider does not price them apart", () => {
    // 1,000 in (all written to cache), no cacheWrite5m rate: 1,000 × 2.50 = $0.0025
    assert.equal(computeCost({ inputTokens: 1_000, cacheWriteTokens: 1_000 }, gpt4o).costNanos, 2_500_000);
  });
});

describe("dollarsToPicos", () => {
  test("parses decimals exactly and refuses what is not a price", () => {
    assert.equal(dollarsToPicos("2.50"), 2_500_000_000_000n);
    assert.equal(dollarsToPicos(0.075), 75_000_000_000n);
    assert.equal(dollarsToPicos(1e-7), 100_000n);
    assert.throws(() => dollarsToPicos("-1"), RangeError);
    assert.throws(() => dollarsToPicos("abc"), RangeError);
    assert.throws(() => dollarsToPicos("0.0000000000001"), RangeError);
  });
});
