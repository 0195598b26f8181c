import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createEventPricer } from "./price-event.js";
import { type CanonicalUsage, PUBLISHED_PRICE_CASES, type WireUsage } from "./published-prices.cases.js";

/**
 * Acceptance for the cost engine: every expected figure in published-prices.cases.ts was computed by
 * hand from the provider's published price, with its arithmetic written beside it. `dependsOn` names the
 * engine layer (overrides, family fallback) a case needs beyond the generated price book.
 */

/** The canonical usage a provider's wire usage stands for (PROVIDERS.md), to check the cases' own data. */
function canonicalFromWire(wire: WireUsage): CanonicalUsage {
  switch (wire.api) {
    case "openai-chat":
      return {
        inputTokens: wire.prompt_tokens,
        outputTokens: wire.completion_tokens,
        ...(wire.prompt_tokens_details ? { cacheReadTokens: wire.prompt_tokens_details.cached_tokens } : {}),
      };
    case "openai-responses":
      return {
        inputTokens: wire.input_tokens,
        outputTokens: wire.output_tokens,
        ...(wire.input_tokens_details ? { cacheReadTokens: wire.input_tokens_details.cached_tokens } : {}),
      };
    case "anthropic": {
      const read = wire.cache_read_input_tokens ?? 0;
      const written = wire.cache_creation_input_tokens ?? 0;
      return {
        inputTokens: wire.input_tokens + read + written,
        outputTokens: wire.output_tokens,
        cacheReadTokens: read,
        cacheWriteTokens: written,
        cacheWrite1hTokens: wire.cache_creation?.ephemeral_1h_input_tokens ?? 0,
        ...(wire.server_tool_use ? { webSearchRequests: wire.server_tool_use.web_search_requests } : {}),
      };
    }
    case "gemini":
      return {
        inputTokens: wire.promptTokenCount,
        outputTokens: wire.candidatesTokenCount + (wire.thoughtsTokenCount ?? 0),
        ...(wire.cachedContentTokenCount === undefined
          ? {}
          : { cacheReadTokens: wire.cachedContentTokenCount }),
      };
    case "bedrock-converse":
      return {
        inputTokens: wire.inputTokens + (wire.cacheReadInputTokens ?? 0) + (wire.cacheWriteInputTokens ?? 0),
        outputTokens: wire.outputTokens,
        ...(wire.cacheReadInputTokens === undefined ? {} : { cacheReadTokens: wire.cacheReadInputTokens }),
        ...(wire.cacheWriteInputTokens === undefined ? {} : { cacheWriteTokens: wire.cacheWriteInputTokens }),
      };
    case "deepseek":
      assert.equal(wire.prompt_tokens, wire.prompt_cache_hit_tokens + wire.prompt_cache_miss_tokens);
      return {
        inputTokens: wire.prompt_tokens,
        outputTokens: wire.completion_tokens,
        cacheReadTokens: wire.prompt_cache_hit_tokens,
      };
    case "xai": {
      const reasoning = wire.completion_tokens_details?.reasoning_tokens ?? 0;
      const excluded =
        wire.total_tokens === wire.prompt_tokens + wire.completion_tokens + reasoning && reasoning > 0;
      return {
        inputTokens: wire.prompt_tokens,
        outputTokens: wire.completion_tokens + (excluded ? reasoning : 0),
        ...(wire.prompt_tokens_details ? { cacheReadTokens: wire.prompt_tokens_details.cached_tokens } : {}),
      };
    }
    case "cohere":
      return { inputTokens: wire.billed_units.input_tokens, outputTokens: wire.billed_units.output_tokens };
    case "ollama":
      return { inputTokens: wire.prompt_eval_count, outputTokens: wire.eval_count };
    case "none":
      return {};
  }
}

/** "… = 22,500 µ$" → nano-dollars, rounded half up once (exact decimal arithmetic, no floats). */
function nanosFromArithmetic(arithmetic: string): number {
  const match = /= ([\d,]+)(?:\.(\d+))? µ\$$/.exec(arithmetic);
  assert.ok(match, `arithmetic must end with "= <total> µ$": ${arithmetic}`);
  const whole = BigInt(match[1]!.replaceAll(",", ""));
  const fraction = (match[2] ?? "").padEnd(3, "0");
  const nanos = whole * 1000n + BigInt(fraction.slice(0, 3));
  const rest = fraction.slice(3);
  const roundUp = rest.length > 0 && rest[0]! >= "5";
  return Number(nanos + (roundUp ? 1n : 0n));
}

const caseName = (c: (typeof PUBLISHED_PRICE_CASES)[number]) =>
  `${c.provider} ${JSON.stringify(c.model)}${c.serviceTier ? ` [${c.serviceTier}]` : ""} @ ${c.at}: ${c.what}`;

describe("published prices: the case data is consistent with itself", () => {
  test("at least 100 cases, each named uniquely", () => {
    assert.ok(PUBLISHED_PRICE_CASES.length >= 100, `${PUBLISHED_PRICE_CASES.length} cases`);
    const names = PUBLISHED_PRICE_CASES.map(caseName);
    assert.equal(new Set(names).size, names.length);
  });

  for (const c of PUBLISHED_PRICE_CASES) {
    test(`${caseName(c)}: canonical usage and arithmetic`, () => {
      assert.deepEqual(c.usage, canonicalFromWire(c.wire));
      assert.ok(c.source.length > 0 && c.price.length > 0);
      if (c.costSource === "UNPRICED") {
        assert.equal(c.costNanos, undefined);
        assert.equal(c.arithmetic, "UNPRICED");
      } else {
        assert.equal(c.costNanos, nanosFromArithmetic(c.arithmetic));
      }
    });
  }
});

describe("published prices: the engine reproduces every hand-computed cost", () => {
  const price = createEventPricer();

  for (const c of PUBLISHED_PRICE_CASES) {
    test(caseName(c), () => {
      const priced = price({
        provider: c.provider,
        model: c.model,
        timestamp: Date.parse(c.at),
        ...c.usage,
        ...(c.serviceTier ? { serviceTier: c.serviceTier } : {}),
      });
      assert.deepEqual(
        { costNanos: priced.costNanos, costSource: priced.costSource },
        { costNanos: c.costNanos, costSource: c.costSource },
        `${c.arithmetic} [${c.price}; ${c.source}]`,
      );
      assert.ok(priced.priceBookVersion.length > 0);
    });
  }
});
