import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PRICE_BOOK } from "./price-book.generated.js";
import { priceEvent } from "./price-event.js";

const AT = Date.parse("2026-11-01T12:00:00Z");
const base = { timestamp: AT };

describe("priceEvent", () => {
  test("an exactly matched model is priced from the registry with its price id and book version", () => {
    // gpt-4o: 6,000 uncached × $2.50 + 4,000 cached × $1.25 + 500 × $10 per M = $0.025
    const priced = priceEvent(
      {
        ...base,
        provider: "openai",
        model: "gpt-4o-2024-08-06",
        inputTokens: 10_000,
        cacheReadTokens: 4_000,
        outputTokens: 500,
      },
      PRICE_BOOK,
    );
    assert.deepEqual(priced, {
      costNanos: 25_000_000,
      costSource: "PROVIDER_REGISTRY",
      priceId: "openai/gpt-4o",
      priceBookVersion: "genai-prices@0.1.8",
    });
  });

  test("the batch API halves the cost; an unknown priority price is an upper bound flagged as fallback", () => {
    const usage = {
      ...base,
      provider: "anthropic",
      model: "claude-sonnet-4-20250514",
      inputTokens: 1_000,
      outputTokens: 1_000,
    };
    // 1,000 × $3 + 1,000 × $15 per M = $0.018; batch: $0.009; priority (unknown): ≤ 2 × $0.018
    assert.equal(priceEvent(usage, PRICE_BOOK).costNanos, 18_000_000);
    assert.deepEqual(
      [
        priceEvent({ ...usage, serviceTier: "batch" }, PRICE_BOOK).costNanos,
        priceEvent({ ...usage, serviceTier: "batch" }, PRICE_BOOK).costSource,
      ],
      [9_000_000, "PROVIDER_REGISTRY"],
    );
    const priority = priceEvent({ ...usage, serviceTier: "priority" }, PRICE_BOOK);
    assert.deepEqual([priority.costNanos, priority.costSource], [36_000_000, "FALLBACK_ECONOMICS"]);
  });

  test("a loose match is priced from the model it maps onto, as fallback economics", () => {
    const priced = priceEvent(
      { ...base, provider: "gemini", model: "gemini-2.5-pro-banana", inputTokens: 1_000, outputTokens: 100 },
      PRICE_BOOK,
    );
    // 1,000 × $1.25 + 100 × $10 per M = $0.00225
    assert.deepEqual(
      [priced.costNanos, priced.costSource, priced.priceId],
      [2_250_000, "FALLBACK_ECONOMICS", "google/gemini-2.5-pro"],
    );
  });

  test("no model, no tokens or no price leaves the event unpriced, never at $0", () => {
    assert.deepEqual(priceEvent({ ...base, provider: "openai", inputTokens: 5 }, PRICE_BOOK), {
      costSource: "UNPRICED",
      priceBookVersion: "genai-prices@0.1.8",
    });
    assert.equal(
      priceEvent({ ...base, provider: "openai", model: "gpt-4o" }, PRICE_BOOK).costSource,
      "UNPRICED",
    );
    assert.equal(
      priceEvent({ ...base, provider: "openai", model: "gpt-99", inputTokens: 5 }, PRICE_BOOK).costSource,
      "UNPRICED",
    );
    assert.equal(
      priceEvent({ ...base, provider: "e2b", model: "sandbox", inputTokens: 5 }, PRICE_BOOK).costNanos,
      undefined,
    );
  });
});
