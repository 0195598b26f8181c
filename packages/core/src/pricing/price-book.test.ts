import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { calcPrice } from "@pydantic/genai-prices";
import { computeCost } from "./compute-cost.js";
import { PRICE_BOOK } from "./price-book.generated.js";
import { findPriceBookModel, selectPeriod, toModelPrice } from "./price-book.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

describe("price book snapshot", () => {
  test("matches the pinned @pydantic/genai-prices exactly (regenerating changes nothing)", () => {
    const pinned = JSON.parse(
      readFileSync(`${REPO}node_modules/@pydantic/genai-prices/package.json`, "utf8"),
    ) as {
      version: string;
    };
    assert.equal(PRICE_BOOK.source, `genai-prices@${pinned.version}`);
    const check = spawnSync(process.execPath, ["scripts/generate-price-book.mjs", "--check"], {
      cwd: REPO,
      encoding: "utf8",
    });
    assert.equal(check.status, 0, check.stderr);
  });
});

// Our exact integer engine against the upstream float calculator, on the same data: every case
// must agree to within a nano-dollar. [upstream provider, model id, usage, event time]
const CASES: [string, string, Record<string, number>, string][] = [
  [
    "openai",
    "gpt-4o",
    { input_tokens: 10_000, cache_read_tokens: 4_000, output_tokens: 500 },
    "2026-11-01T12:00:00Z",
  ],
  ["openai", "gpt-4o-mini", { input_tokens: 123_457, output_tokens: 9_876 }, "2026-11-01T12:00:00Z"],
  ["openai", "o3", { input_tokens: 5_000, output_tokens: 20_000 }, "2025-05-01T00:00:00Z"],
  ["openai", "o3", { input_tokens: 5_000, output_tokens: 20_000 }, "2025-07-01T00:00:00Z"],
  [
    "anthropic",
    "claude-sonnet-4-0",
    {
      input_tokens: 6_000,
      cache_read_tokens: 2_000,
      cache_write_tokens: 3_000,
      cache_write_1h_tokens: 1_000,
      output_tokens: 400,
    },
    "2026-11-01T12:00:00Z",
  ],
  [
    "anthropic",
    "claude-sonnet-4-0",
    { input_tokens: 1_000, output_tokens: 100, web_searches: 3 },
    "2026-11-01T12:00:00Z",
  ],
  ["google", "gemini-2.5-pro", { input_tokens: 200_000, output_tokens: 1_000 }, "2026-11-01T12:00:00Z"],
  [
    "google",
    "gemini-2.5-pro",
    { input_tokens: 200_001, cache_read_tokens: 50_000, output_tokens: 1_000 },
    "2026-11-01T12:00:00Z",
  ],
  [
    "deepseek",
    "deepseek-chat",
    { input_tokens: 1_000_000, output_tokens: 1_000_000 },
    "2026-11-01T03:00:00Z",
  ],
  [
    "deepseek",
    "deepseek-chat",
    { input_tokens: 1_000_000, output_tokens: 1_000_000 },
    "2026-11-01T18:00:00Z",
  ],
  [
    "x-ai",
    "grok-4-0709",
    { input_tokens: 50_000, cache_read_tokens: 10_000, output_tokens: 2_000 },
    "2026-11-01T12:00:00Z",
  ],
  [
    "deepseek",
    "deepseek-chat",
    { input_tokens: 1_000_000, output_tokens: 1_000_000 },
    "2026-11-01T00:10:00Z",
  ],
  [
    "aws",
    "global.anthropic.claude-sonnet-4-20250514-v1:0",
    { input_tokens: 8_000, cache_read_tokens: 3_000, cache_write_tokens: 1_000, output_tokens: 900 },
    "2026-11-01T12:00:00Z",
  ],
  ["mistral", "codestral-2508", { input_tokens: 3_000, output_tokens: 700 }, "2026-11-01T12:00:00Z"],
  ["groq", "llama-3.1-70b-versatile", { input_tokens: 2_500, output_tokens: 1_200 }, "2026-11-01T12:00:00Z"],
  ["cohere", "command-r-plus", { input_tokens: 4_000, output_tokens: 800 }, "2026-11-01T12:00:00Z"],
  [
    "openrouter",
    "anthropic/claude-sonnet-4",
    { input_tokens: 300_000, output_tokens: 1_000 },
    "2026-11-01T12:00:00Z",
  ],
];

describe("price book through computeCost, cross-checked with the upstream calculator", () => {
  for (const [provider, modelId, usage, time] of CASES) {
    test(`${provider}/${modelId} ${JSON.stringify(usage)} at ${time}`, (t) => {
      const model = findPriceBookModel(PRICE_BOOK, provider, modelId);
      if (model === undefined) return t.skip(`${modelId} is not in this price book`);
      const at = Date.parse(time);
      const ours = computeCost(
        {
          inputTokens: usage.input_tokens,
          outputTokens: usage.output_tokens,
          cacheReadTokens: usage.cache_read_tokens,
          cacheWriteTokens: usage.cache_write_tokens,
          cacheWrite1hTokens: usage.cache_write_1h_tokens,
          webSearchRequests: usage.web_searches,
        },
        toModelPrice(selectPeriod(model.periods, at)),
      );
      const upstream = calcPrice(usage, modelId, { providerId: provider, timestamp: new Date(at) });
      assert.ok(upstream, "upstream prices it too");
      assert.equal(upstream.model.id, modelId);
      assert.ok(
        Math.abs(ours.costNanos - upstream.total_price * 1e9) < 1,
        `ours ${ours.costNanos} nanos, upstream ${upstream.total_price} USD`,
      );
    });
  }
});

describe("selectPeriod", () => {
  const periods = [
    { prices: { input_mtok: 1 } },
    { startDate: "2025-06-10", prices: { input_mtok: 2 } },
    { timeOfDay: { start: "16:30:00Z", end: "00:30:00Z" }, prices: { input_mtok: 0.5 } },
  ];
  test("a daily window wins inside it, wrapping past midnight; dates otherwise; the first period before them", () => {
    assert.equal(selectPeriod(periods, Date.parse("2025-07-01T17:00:00Z")).prices.input_mtok, 0.5);
    assert.equal(selectPeriod(periods, Date.parse("2025-07-01T00:15:00Z")).prices.input_mtok, 0.5);
    assert.equal(selectPeriod(periods, Date.parse("2025-07-01T12:00:00Z")).prices.input_mtok, 2);
    assert.equal(selectPeriod(periods, Date.parse("2025-06-09T12:00:00Z")).prices.input_mtok, 1);
  });
});
