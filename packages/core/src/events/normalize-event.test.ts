import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { normalizeEvent } from "./normalize-event.js";

const context = { projectId: "acme", defaultSource: "ingest" as const, now: Date.UTC(2026, 10, 23, 12) };

function ok(raw: unknown) {
  const result = normalizeEvent(raw, context);
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result;
}
function issues(raw: unknown) {
  const result = normalizeEvent(raw, context);
  assert.ok(!result.ok, "expected a rejection");
  return result.issues;
}

describe("normalizeEvent", () => {
  test("AgentBurn fields map onto the canonical event with exact nano-dollar cost", () => {
    const { event } = ok({
      agentId: "agt_1",
      provider: "anthropic",
      model: "claude-3.5-sonnet",
      operation: "llm_call",
      inputTokens: 12500,
      outputTokens: 3200,
      costUsd: 0.0855,
      taskId: "ticket-CTMS-5109",
      workflowId: "sprint-42",
    });
    assert.equal(event.inputTokens, 12500);
    assert.equal(event.outputTokens, 3200);
    assert.equal(event.totalTokens, 15700);
    assert.equal(event.costNanos, 85_500_000);
    assert.equal(event.costSource, "CLIENT_SUPPLIED");
    assert.equal(event.source, "ingest");
    assert.equal(event.timestamp, context.now);
    assert.match(event.eventId, /^[0-9a-f-]{36}$/);
  });

  test("AtlasBurn names (id, promptTokens, completionTokens, estimatedCostUsd) are accepted", () => {
    const { event } = ok({
      id: "0b6c7a52-4f2e-4d1b-9a57-2c1e5f0e9b11",
      timestamp: "2026-11-23T10:00:00.000Z",
      provider: "openai",
      model: "gpt-4o",
      promptTokens: 100,
      completionTokens: 20,
      totalTokens: 120,
      estimatedCostUsd: 0.00045,
      costSource: "PROVIDER_REGISTRY",
      latencyMs: 812,
      statusCode: 200,
      projectId: "acme",
      environment: "staging",
    });
    assert.equal(event.eventId, "0b6c7a52-4f2e-4d1b-9a57-2c1e5f0e9b11");
    assert.equal(event.inputTokens, 100);
    assert.equal(event.outputTokens, 20);
    assert.equal(event.costNanos, 450_000);
    assert.equal(event.costSource, "PROVIDER_REGISTRY");
    assert.equal(event.environment, "staging");
    assert.equal(event.timestamp, Date.UTC(2026, 10, 23, 10));
  });

  test("a count the client did not report stays absent, never 0", () => {
    const { event } = ok({ provider: "openai", model: "gpt-4o", outputTokens: 5 });
    assert.equal(event.inputTokens, undefined);
    assert.equal(event.totalTokens, undefined);
    assert.equal(event.cacheReadTokens, undefined);
    assert.equal(event.costNanos, undefined);
    assert.equal(event.costSource, "UNPRICED");
  });

  test("contradicting aliases are refused, naming the field and both values", () => {
    const found = issues({
      provider: "openai",
      inputTokens: 10,
      promptTokens: 11,
      costUsd: 1,
      estimatedCostUsd: 2,
    });
    assert.deepEqual(
      found.map((issue) => issue.field),
      ["promptTokens", "estimatedCostUsd"],
    );
    assert.match(found[0]!.message, /contradicts inputTokens: 11 vs 10/);
  });

  test("totalTokens must equal input + output; cache and reasoning must be parts of them", () => {
    assert.equal(
      issues({ provider: "openai", inputTokens: 10, outputTokens: 5, totalTokens: 16 })[0]!.field,
      "totalTokens",
    );
    assert.equal(
      issues({ provider: "openai", inputTokens: 10, cacheReadTokens: 8, cacheWriteTokens: 3 })[0]!.field,
      "cacheReadTokens",
    );
    assert.equal(
      issues({ provider: "openai", outputTokens: 10, reasoningTokens: 11 })[0]!.field,
      "reasoningTokens",
    );
  });

  test("projectId in the body may repeat the key's project but never change it", () => {
    ok({ provider: "openai", projectId: "acme" });
    const [issue] = issues({ provider: "openai", projectId: "other" });
    assert.equal(issue!.field, "projectId");
  });

  test("bad values are named by field", () => {
    const found = issues({
      provider: "OpenAI",
      inputTokens: -1,
      outputTokens: 1.5,
      statusCode: 42,
      timestamp: "yesterday",
      metadata: "x",
    });
    assert.deepEqual(found.map((issue) => issue.field).sort(), [
      "inputTokens",
      "metadata",
      "outputTokens",
      "statusCode",
      "timestamp",
    ]);
    assert.equal(issues({ model: "gpt-4o" })[0]!.field, "provider");
    assert.equal(issues("not an object")[0]!.field, "");
  });

  test("timestamps far in the future or before 2000 are refused", () => {
    assert.equal(
      issues({ provider: "openai", timestamp: context.now + 2 * 86_400_000 })[0]!.field,
      "timestamp",
    );
    assert.equal(issues({ provider: "openai", timestamp: "1999-12-31T23:59:59Z" })[0]!.field, "timestamp");
  });

  test("provider names are lowercased and aliases mapped; other slugs pass through", () => {
    assert.equal(ok({ provider: " Google " }).event.provider, "gemini");
    assert.equal(ok({ provider: "AWS-Bedrock" }).event.provider, "bedrock");
    assert.equal(ok({ provider: "e2b", operation: "compute", costUsd: 0.01 }).event.provider, "e2b");
    assert.equal(issues({ provider: "no spaces allowed!" })[0]!.field, "provider");
  });

  test("metadata is bounded in size and depth", () => {
    assert.equal(issues({ provider: "openai", metadata: { blob: "x".repeat(9000) } })[0]!.field, "metadata");
    assert.equal(
      issues({ provider: "openai", metadata: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } })[0]!.field,
      "metadata",
    );
    assert.deepEqual(ok({ provider: "openai", metadata: { run: 7 } }).event.metadata, { run: 7 });
  });

  test("unknown fields and a client receivedAt are ignored with warnings", () => {
    const { event, warnings } = ok({ provider: "openai", inputToken: 5, receivedAt: "2020-01-01T00:00:00Z" });
    assert.equal(event.inputTokens, undefined);
    assert.equal(warnings.length, 2);
    assert.match(warnings.join("\n"), /unknown field "inputToken"/);
    assert.match(warnings.join("\n"), /receivedAt/);
  });
});

describe("normalizeEvent cost rules", () => {
  test("costSource must agree with whether a cost was sent", () => {
    assert.equal(issues({ provider: "openai", costSource: "UNPRICED", costUsd: 1 })[0]!.field, "costSource");
    assert.equal(issues({ provider: "openai", costSource: "PROVIDER_REPORTED" })[0]!.field, "costSource");
    assert.equal(
      ok({ provider: "openrouter", costSource: "PROVIDER_REPORTED", costUsd: 0.002 }).event.costNanos,
      2_000_000,
    );
  });

  test("costs above $1M per event are refused; metadata size is counted in UTF-8 bytes", () => {
    assert.equal(issues({ provider: "openai", costUsd: 1_000_001 })[0]!.field, "costUsd");
    assert.equal(issues({ provider: "openai", metadata: { text: "é".repeat(4100) } })[0]!.field, "metadata");
  });
});

describe("normalizeEvent cost-engine fields", () => {
  test("service tier, 1-hour cache writes, web searches and the price book are kept", () => {
    const { event } = ok({
      provider: "anthropic",
      inputTokens: 5000,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 1000,
      outputTokens: 10,
      serviceTier: "batch",
      webSearchRequests: 3,
      priceBookVersion: "genai-prices@0.0.0",
      priceId: "anthropic/claude-sonnet-4",
      costUsd: 0.05,
    });
    assert.deepEqual(
      [
        event.serviceTier,
        event.cacheWrite1hTokens,
        event.webSearchRequests,
        event.priceBookVersion,
        event.priceId,
      ],
      ["batch", 1000, 3, "genai-prices@0.0.0", "anthropic/claude-sonnet-4"],
    );
  });

  test("1-hour cache writes are a part of cache writes; the tier must be a known one", () => {
    assert.equal(
      issues({ provider: "anthropic", cacheWriteTokens: 5, cacheWrite1hTokens: 6 })[0]!.field,
      "cacheWrite1hTokens",
    );
    assert.equal(issues({ provider: "anthropic", cacheWrite1hTokens: 1 })[0]!.field, "cacheWrite1hTokens");
    assert.equal(issues({ provider: "openai", serviceTier: "turbo" })[0]!.field, "serviceTier");
  });
});
