import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let ingestKey: string;
let readKey: string;
const at = "2026-11-01T12:00:00Z";

before(async () => {
  server = await startTestServer();
  ingestKey = (await server.createKey("acme", "ingest")).key;
  readKey = (await server.createKey("acme", "read")).key;
  const otherKey = (await server.createKey("other", "ingest")).key;
  const usage = { timestamp: at, inputTokens: 1_000, outputTokens: 100 };
  const ingest = await server.call(ingestKey, "/v1/events", {
    json: [
      { eventId: "exact-1", provider: "openai", model: "gpt-4o", ...usage },
      { eventId: "family-1", provider: "openai", model: "o3-pro-ultra", ...usage },
      { eventId: "family-2", provider: "openai", model: "o3-pro-ultra", ...usage },
      { eventId: "unknown-1", provider: "openai-compatible", model: "my-llama", ...usage },
    ],
  });
  assert.equal(ingest.status, 200);
  await server.call(otherKey, "/v1/events", {
    json: { eventId: "other-1", provider: "ollama", model: "secret-model", ...usage },
  });
});
after(() => server.stop());

describe("GET /v1/pricing/gaps", () => {
  test("lists the project's fallback-priced and unpriced models, dearest first, and only its own", async () => {
    const response = await server.call(readKey, "/v1/pricing/gaps");
    assert.equal(response.status, 200);
    const { gaps } = (await response.json()) as { gaps: Record<string, unknown>[] };
    // o3-pro-ultra: family o3-pro, 1,000 × $20 + 100 × $80 per M = 28,000 µ$ per event, 2 events
    assert.deepEqual(
      gaps.map((gap) => [gap.provider, gap.model, gap.costSource, gap.events, gap.costUsd]),
      [
        ["openai", "o3-pro-ultra", "FALLBACK_ECONOMICS", 2, 0.056],
        ["openai-compatible", "my-llama", "UNPRICED", 1, 0],
      ],
    );
    assert.equal(gaps[0]!.priceId, "family:openai/o3-pro*→openai/o3-pro");
    assert.deepEqual(gaps[1]!.nowPricedAs, { costSource: "UNPRICED", priceId: null });
    assert.equal(gaps[0]!.lastSeen, "2026-11-01T12:00:00.000Z");
  });

  test("filters by time and refuses a bad one naming it; an ingest key cannot read it", async () => {
    const later = await server.call(readKey, "/v1/pricing/gaps?from=2026-11-02T00:00:00Z");
    assert.deepEqual(await later.json(), { gaps: [] });
    const bad = await server.call(readKey, "/v1/pricing/gaps?from=yesterday");
    assert.equal(bad.status, 400);
    assert.match(
      ((await bad.json()) as { error: { message: string } }).error.message,
      /from must be an ISO 8601/,
    );
    assert.equal((await server.call(ingestKey, "/v1/pricing/gaps")).status, 403);
  });
});

describe("POST /v1/pricing/quote", () => {
  test("prices a usage in the event's own shape, with the seeds' field names too", async () => {
    const response = await server.call(ingestKey, "/v1/pricing/quote", {
      json: {
        provider: "anthropic",
        model: "claude-sonnet-4-20250514",
        timestamp: at,
        promptTokens: 300_000,
        completionTokens: 1_000,
      },
    });
    assert.equal(response.status, 200);
    const quote = (await response.json()) as Record<string, unknown>;
    // over 200k input: 300,000 × $6 + 1,000 × $22.50 per M = $1.8225
    assert.equal(quote.costUsd, 1.8225);
    assert.equal(quote.costSource, "PROVIDER_REGISTRY");
    assert.equal(quote.priceId, "override:anthropic/claude-sonnet-4-0@2025-05-22T00:00:00Z");
  });

  test("bad usage is a 400 naming the field", async () => {
    const response = await server.call(readKey, "/v1/pricing/quote", {
      json: { provider: "openai", model: "gpt-4o", inputTokens: -1 },
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { issues: { field: string }[] } };
    assert.equal(body.error.issues[0]!.field, "inputTokens");
  });
});
