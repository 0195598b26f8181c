import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { priceEvent } from "./price-event.js";
import { parseUserPrices } from "./user-prices.js";

const AT = Date.parse("2026-11-01T12:00:00Z");
const base = { timestamp: AT };
const VERSION = priceEvent({ ...base, provider: "openai" }).priceBookVersion;

describe("priceEvent", () => {
  test("an exactly matched model is priced from the registry with its price id and book version", () => {
    // gpt-4o: 6,000 uncached × $2.50 + 4,000 cached × $1.25 + 500 × $10 per M = $0.025
    const priced = priceEvent({
      ...base,
      provider: "openai",
      model: "gpt-4o-2024-08-06",
      inputTokens: 10_000,
      cacheReadTokens: 4_000,
      outputTokens: 500,
    });
    assert.deepEqual(priced, {
      costNanos: 25_000_000,
      costSource: "PROVIDER_REGISTRY",
      priceId: "openai/gpt-4o",
      priceBookVersion: VERSION,
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
    assert.equal(priceEvent(usage).costNanos, 18_000_000);
    assert.deepEqual(
      [
        priceEvent({ ...usage, serviceTier: "batch" }).costNanos,
        priceEvent({ ...usage, serviceTier: "batch" }).costSource,
      ],
      [9_000_000, "PROVIDER_REGISTRY"],
    );
    const priority = priceEvent({ ...usage, serviceTier: "priority" });
    assert.deepEqual([priority.costNanos, priority.costSource], [36_000_000, "FALLBACK_ECONOMICS"]);
  });

  test("a loose match is priced at the dearest model of its family, as fallback economics", () => {
    const priced = priceEvent({
      ...base,
      provider: "gemini",
      model: "gemini-2.5-pro-banana",
      inputTokens: 1_000,
      outputTokens: 100,
    });
    // family gemini-2.5-pro: gemini-2.5-pro 1,000 × $1.25 + 100 × $10 = 2,250 µ$;
    // gemini-2.5-pro-tts 1,000 × $1 + 100 × $20 = 3,000 µ$ → the upper bound is $0.003
    assert.deepEqual(
      [priced.costNanos, priced.costSource, priced.priceId],
      [3_000_000, "FALLBACK_ECONOMICS", "family:google/gemini-2.5-pro*→google/gemini-2.5-pro-tts"],
    );
  });

  test("no model, no tokens or no price leaves the event unpriced, never at $0", () => {
    assert.deepEqual(priceEvent({ ...base, provider: "openai", inputTokens: 5 }), {
      costSource: "UNPRICED",
      priceBookVersion: VERSION,
    });
    assert.equal(priceEvent({ ...base, provider: "openai", model: "gpt-4o" }).costSource, "UNPRICED");
    assert.equal(
      priceEvent({ ...base, provider: "openai", model: "zzz-99", inputTokens: 5 }).costSource,
      "UNPRICED",
    );
    assert.equal(
      priceEvent({ ...base, provider: "e2b", model: "sandbox", inputTokens: 5 }).costNanos,
      undefined,
    );
  });

  test("an unknown model of a known family is priced at the family's dearest member", () => {
    const priced = priceEvent({
      ...base,
      provider: "openai",
      model: "o3-pro-ultra",
      inputTokens: 1_000,
      outputTokens: 100,
    });
    // family o3-pro = { o3-pro }: 1,000 × $20 + 100 × $80 per M = 28,000 µ$
    assert.deepEqual(
      [priced.costNanos, priced.costSource, priced.priceId],
      [28_000_000, "FALLBACK_ECONOMICS", "family:openai/o3-pro*→openai/o3-pro"],
    );
  });

  test("overrides correct the book from the instant a price changed (DeepSeek, 2025-09-05 16:00 UTC)", () => {
    const usage = {
      provider: "deepseek",
      model: "deepseek-chat",
      inputTokens: 1_000_000,
      cacheReadTokens: 200_000,
      outputTokens: 100_000,
    };
    const before = priceEvent({ ...usage, timestamp: Date.parse("2025-09-05T15:59:59Z") });
    const after = priceEvent({ ...usage, timestamp: Date.parse("2025-09-05T16:00:00Z") });
    const v32 = priceEvent({ ...usage, timestamp: Date.parse("2025-10-01T20:00:00Z") });
    // before (book, peak hours): 800,000 × 0.27 + 200,000 × 0.07 + 100,000 × 1.10 = 340,000 µ$
    assert.deepEqual([before.costNanos, before.priceId], [340_000_000, "deepseek/deepseek-chat"]);
    // after: 800,000 × 0.56 + 200,000 × 0.07 + 100,000 × 1.68 = 630,000 µ$
    assert.deepEqual(
      [after.costNanos, after.costSource, after.priceId],
      [630_000_000, "PROVIDER_REGISTRY", "override:deepseek/deepseek-chat@2025-09-05T16:00:00Z"],
    );
    // V3.2 (night-time discount gone): 800,000 × 0.28 + 200,000 × 0.028 + 100,000 × 0.42 = 271,600 µ$
    assert.equal(v32.costNanos, 271_600_000);
  });

  test("the Claude Sonnet 4 long-context tier the book lacks comes from an override", () => {
    const priced = priceEvent({
      ...base,
      provider: "anthropic",
      model: "claude-sonnet-4-20250514",
      inputTokens: 300_000,
      outputTokens: 1_000,
    });
    // over 200k: 300,000 × $6 + 1,000 × $22.50 per M = 1,822,500 µ$
    assert.equal(priced.costNanos, 1_822_500_000);
  });

  test("1-hour cache writes on a price without them are bounded by 2× input and flagged", () => {
    const priced = priceEvent({
      ...base,
      provider: "bedrock",
      model: "us.anthropic.claude-sonnet-4-20250514-v1:0",
      inputTokens: 10_000,
      cacheWriteTokens: 4_000,
      cacheWrite1hTokens: 4_000,
      outputTokens: 0,
    });
    // 6,000 uncached × $3 + 4,000 one-hour writes × (2 × $3) per M = 18,000 + 24,000 = 42,000 µ$
    assert.deepEqual([priced.costNanos, priced.costSource], [42_000_000, "FALLBACK_ECONOMICS"]);
  });
});

describe("priceEvent with user prices", () => {
  const userPrices = parseUserPrices({
    models: [
      { provider: "openai-compatible", model: "llama-3-70b-local", input: "0.50", output: "1.50" },
      {
        provider: "anthropic",
        model: "claude-sonnet-4-20250514",
        effectiveFrom: "2026-12-01",
        input: 1,
        output: 5,
      },
    ],
    discounts: [{ provider: "openai", percent: 10 }],
    aliases: [{ provider: "azure-openai", from: "my-gpt4o-deployment", to: "gpt-4o" }],
  });
  assert.ok(userPrices.ok);
  const options = { userPrices: userPrices.prices };

  test("a self-hosted model with a user price is USER_PRICE", () => {
    const priced = priceEvent(
      {
        ...base,
        provider: "openai-compatible",
        model: "Llama-3-70B-Local",
        inputTokens: 10_000,
        outputTokens: 2_000,
      },
      options,
    );
    // 10,000 × $0.50 + 2,000 × $1.50 per M = 8,000 µ$
    assert.deepEqual(
      [priced.costNanos, priced.costSource, priced.priceId],
      [8_000_000, "USER_PRICE", "user:openai-compatible/llama-3-70b-local"],
    );
    assert.match(priced.priceBookVersion, /\+user\.[0-9a-f]{8}$/);
  });

  test("a user price applies from its effective date only", () => {
    const usage = {
      provider: "anthropic",
      model: "claude-sonnet-4-20250514",
      inputTokens: 100_000,
      outputTokens: 0,
    };
    assert.equal(priceEvent({ ...usage, timestamp: AT }, options).costNanos, 300_000_000);
    assert.equal(
      priceEvent({ ...usage, timestamp: Date.parse("2026-12-01T00:00:00Z") }, options).costNanos,
      100_000_000,
    );
  });

  test("a provider-wide discount turns registry prices into the user's rate", () => {
    const priced = priceEvent(
      { ...base, provider: "openai", model: "gpt-4o", inputTokens: 1_000, outputTokens: 100 },
      options,
    );
    // (1,000 × $2.50 + 100 × $10) × 0.9 = 3,150 µ$
    assert.deepEqual(
      [priced.costNanos, priced.costSource, priced.priceId],
      [3_150_000, "USER_PRICE", "openai/gpt-4o-10%"],
    );
  });

  test("an Azure deployment name is priced as the model it is mapped to", () => {
    const priced = priceEvent(
      {
        ...base,
        provider: "azure-openai",
        model: "my-gpt4o-deployment",
        inputTokens: 1_000,
        outputTokens: 100,
      },
      options,
    );
    // 1,000 × $2.50 + 100 × $10 per M = 3,500 µ$
    assert.deepEqual([priced.costNanos, priced.costSource], [3_500_000, "PROVIDER_REGISTRY"]);
    assert.equal(
      priceEvent({ ...base, provider: "azure-openai", model: "my-gpt4o-deployment", inputTokens: 1 })
        .costSource,
      "UNPRICED",
    );
  });

  test("a bad prices file is refused naming the field", () => {
    assert.deepEqual(
      parseUserPrices({ models: [{ provider: "openai", model: "x", input: "-1", output: 1 }] }),
      {
        ok: false,
        error: "models[0].input must be a decimal number such as 2.50",
      },
    );
  });
});
