import assert from "node:assert/strict";
import { test } from "node:test";
import { providerReportedCostNanos } from "./provider-reported-cost.js";

test("OpenRouter's usage.cost is dollars, rounded once to nano-dollars", () => {
  // OpenRouter response usage: { prompt_tokens: 194, completion_tokens: 2, cost: 0.95 } → $0.95
  assert.equal(
    providerReportedCostNanos("openrouter", { prompt_tokens: 194, completion_tokens: 2, cost: 0.95 }),
    950_000_000,
  );
  // 0.0001234567891 USD = 123,456.7891 nanos → 123,457
  assert.equal(providerReportedCostNanos("openrouter", { cost: 0.0001234567891 }), 123_457);
});

test("xAI's cost_in_usd_ticks: 1 USD = 10^10 ticks, so 10 ticks = 1 nano-dollar", () => {
  // 37,150,000 ticks = $0.003715 = 3,715,000 nanos
  assert.equal(
    providerReportedCostNanos("xai", { prompt_tokens: 10, cost_in_usd_ticks: 37_150_000 }),
    3_715_000,
  );
  assert.equal(providerReportedCostNanos("xai", { cost_in_usd_ticks: 15 }), 2);
  assert.equal(providerReportedCostNanos("xai", { cost_in_usd_ticks: 14 }), 1);
});

test("no figure, a bad figure or another provider is no provider-reported cost", () => {
  assert.equal(providerReportedCostNanos("openrouter", { prompt_tokens: 5 }), undefined);
  assert.equal(providerReportedCostNanos("openrouter", { cost: "0.5" }), undefined);
  assert.equal(providerReportedCostNanos("openrouter", { cost: -1 }), undefined);
  assert.equal(providerReportedCostNanos("openai", { cost: 0.5 }), undefined);
  assert.equal(providerReportedCostNanos("xai", null), undefined);
});
