import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PRICE_BOOK } from "./price-book.generated.js";
import { normalizeWireModel, resolvePriceBookModel } from "./resolve-price-book-model.js";

const AT = Date.parse("2026-11-01T12:00:00Z");

// [our provider, model as sent on the wire, expected price-book model id (undefined: none), strength]
const CASES: [string, string, string | undefined, "exact" | "loose" | undefined][] = [
  ["openai", "gpt-4o", "gpt-4o", "exact"],
  ["openai", " GPT-4o ", "gpt-4o", "exact"],
  ["openai", "gpt-4o-2024-08-06", "gpt-4o", "exact"],
  ["openai", "openai/gpt-4o", "gpt-4o", "exact"],
  ["openai", "gpt-4o-2099-01-01", undefined, undefined],
  ["anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4-0", "exact"],
  ["anthropic", "claude-3-5-sonnet-latest", "claude-3-5-sonnet", "exact"],
  ["anthropic", "claude-3-5-sonnet-20991231", "claude-3-5-sonnet", "loose"],
  ["anthropic", "claude-sonnet-4-0-banana", "claude-sonnet-4-0", "loose"],
  ["gemini", "models/gemini-2.5-pro", "gemini-2.5-pro", "exact"],
  ["gemini", "gemini-2.5-pro", "gemini-2.5-pro", "exact"],
  ["gemini", "gemini-2.5-pro-banana", "gemini-2.5-pro", "loose"],
  ["vertex", "publishers/google/models/gemini-2.5-pro", "gemini-2.5-pro", "exact"],
  // Vertex prices Claude itself: the google provider's own entry wins over its anthropic fallback.
  ["vertex", "claude-sonnet-4@20250514", "claude-4-sonnet", "exact"],
  [
    "bedrock",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "regional.anthropic.claude-sonnet-4-20250514-v1:0",
    "exact",
  ],
  [
    "bedrock",
    "global.anthropic.claude-sonnet-4-20250514-v1:0",
    "global.anthropic.claude-sonnet-4-20250514-v1:0",
    "exact",
  ],
  [
    "bedrock",
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0",
    "regional.anthropic.claude-sonnet-4-20250514-v1:0",
    "exact",
  ],
  [
    "bedrock",
    "us.anthropic.claude-sonnet-4-20250514-v1%3A0",
    "regional.anthropic.claude-sonnet-4-20250514-v1:0",
    "exact",
  ],
  ["azure-openai", "gpt-4o", "gpt-4o", "exact"],
  ["together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "exact"],
  ["deepseek", "deepseek-chat", "deepseek-chat", "exact"],
  ["openrouter", "anthropic/claude-sonnet-4", "anthropic/claude-sonnet-4", "exact"],
  ["meta", "llama-3.3-70b", undefined, undefined],
  ["openai-compatible", "gpt-4o", undefined, undefined],
  ["e2b", "sandbox", undefined, undefined],
];

describe("resolvePriceBookModel", () => {
  for (const [provider, wire, expectedModel, expectedStrength] of CASES) {
    test(`${provider} ${JSON.stringify(wire)} → ${expectedModel ?? "none"} (${expectedStrength ?? "-"})`, () => {
      const found = resolvePriceBookModel(PRICE_BOOK, provider, wire, AT);
      assert.equal(found?.model.id, expectedModel);
      assert.equal(found?.strength, expectedStrength);
    });
  }

  test("a snapshot dated after the call is a loose match, one dated before it exact", () => {
    const before = resolvePriceBookModel(
      PRICE_BOOK,
      "anthropic",
      "claude-sonnet-4-20250514",
      Date.parse("2025-06-01T00:00:00Z"),
    );
    const after = resolvePriceBookModel(
      PRICE_BOOK,
      "anthropic",
      "claude-sonnet-4-20250514",
      Date.parse("2025-05-01T00:00:00Z"),
    );
    assert.equal(before?.strength, "exact");
    assert.equal(after?.strength, "loose");
  });
});

describe("normalizeWireModel", () => {
  test("strips what providers wrap around ids, and nothing else", () => {
    assert.equal(normalizeWireModel("gemini", "models/Gemini-2.5-Flash"), "gemini-2.5-flash");
    assert.equal(normalizeWireModel("together", "meta-llama/Llama-3.3-70B"), "meta-llama/llama-3.3-70b");
    assert.equal(
      normalizeWireModel("bedrock", "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-v2"),
      "anthropic.claude-v2",
    );
    assert.equal(normalizeWireModel("bedrock", "%%bad"), "%%bad");
  });
});
