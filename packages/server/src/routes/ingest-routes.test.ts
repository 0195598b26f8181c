import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let key: string;
before(async () => {
  server = await startTestServer({ maxBodyBytes: 512 * 1024 });
  key = (await server.createKey("acme", "ingest")).key;
});
after(() => server.stop());

const event = (eventId: string, extra: Record<string, unknown> = {}) => ({
  eventId,
  provider: "openai",
  model: "gpt-4o",
  inputTokens: 100,
  outputTokens: 20,
  costUsd: 0.00045,
  ...extra,
});

/** The project's latest 200 entries, oldest first. */
async function ledgerOf(projectId: string) {
  const page = await server.storage.ledger.query({ projectId, order: "desc", limit: 200 });
  return page.entries.reverse();
}

describe("POST /api/ingest and /v1/events", () => {
  test("a batch with some bad events stores the good ones and names the failures by index and field", async () => {
    const response = await server.call(key, "/api/ingest", {
      json: [
        event("pf-1"),
        event("pf-2", { inputTokens: -5 }),
        event("pf-3"),
        { eventId: "pf-4", model: "x" },
      ],
    });
    assert.equal(response.status, 207);
    const body = (await response.json()) as {
      accepted: number;
      rejected: number;
      results: { index: number; status: string; errors?: { field: string }[] }[];
    };
    assert.equal(body.accepted, 2);
    assert.equal(body.rejected, 2);
    assert.deepEqual(
      body.results.map((result) => [result.index, result.status, result.errors?.[0]?.field]),
      [
        [0, "accepted", undefined],
        [1, "rejected", "inputTokens"],
        [2, "accepted", undefined],
        [3, "rejected", "provider"],
      ],
    );
    const stored = (await ledgerOf("acme")).map((entry) => entry.eventId);
    assert.deepEqual(
      stored.filter((id) => id.startsWith("pf-")),
      ["pf-1", "pf-3"],
    );
  });

  test("retrying the same batch never double counts and says which were duplicates", async () => {
    const batch = [event("retry-1"), event("retry-2"), event("retry-3")];
    const first = (await (await server.call(key, "/v1/events", { json: { events: batch } })).json()) as {
      accepted: number;
    };
    const second = await server.call(key, "/v1/events", { json: { events: batch } });
    assert.equal(first.accepted, 3);
    assert.equal(second.status, 200);
    const body = (await second.json()) as {
      accepted: number;
      duplicates: number;
      results: { status: string }[];
    };
    assert.equal(body.accepted, 0);
    assert.equal(body.duplicates, 3);
    assert.ok(body.results.every((result) => result.status === "duplicate"));
    const stored = (await ledgerOf("acme")).filter((entry) => entry.eventId.startsWith("retry-"));
    assert.equal(stored.length, 3);
    assert.ok(stored.every((entry) => entry.source === "sdk"));
  });

  test("1,001 events are refused with 413 and nothing is stored", async () => {
    const batch = Array.from({ length: 1001 }, (_, index) => event(`big-${index}`));
    const response = await server.call(key, "/api/ingest", { json: batch });
    assert.equal(response.status, 413);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "BR_ERR_TOO_MANY_EVENTS");
    assert.match(body.error.message, /at most 1000 events; this one has 1001/);
    assert.equal((await ledgerOf("acme")).filter((entry) => entry.eventId.startsWith("big-")).length, 0);
  });

  test("exactly 1,000 events are accepted in one request", async () => {
    const batch = Array.from({ length: 1000 }, (_, index) => ({
      eventId: `k-${index}`,
      provider: "openai",
      outputTokens: 1,
    }));
    const response = await server.call(key, "/api/ingest", { json: batch });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { accepted: number }).accepted, 1000);
  });

  test("a body over the size limit gets 413 with a JSON error", async () => {
    const response = await server.call(key, "/api/ingest", {
      json: [event("huge", { metadata: { note: "x".repeat(4000) } })].concat(
        Array.from({ length: 200 }, (_, index) =>
          event(`huge-${index}`, { metadata: { note: "y".repeat(4000) } }),
        ),
      ),
    });
    assert.equal(response.status, 413);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      "BR_ERR_PAYLOAD_TOO_LARGE",
    );
  });

  test("invalid JSON, an empty body and a wrong content type are clear 4xx errors", async () => {
    const bad = await server.call(key, "/api/ingest", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, "BR_ERR_INVALID_JSON");
    const empty = await server.call(key, "/api/ingest", { method: "POST", body: "" });
    assert.equal(empty.status, 400);
    const form = await server.call(key, "/api/ingest", {
      method: "POST",
      body: "a=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 415);
  });

  test("a single invalid event answers 422 naming the field", async () => {
    const response = await server.call(key, "/api/ingest", { json: event("one", { statusCode: 42 }) });
    assert.equal(response.status, 422);
    const body = (await response.json()) as {
      error: { message: string };
      results: { errors: { field: string }[] }[];
    };
    assert.equal(body.results[0]!.errors[0]!.field, "statusCode");
    assert.match(body.error.message, /event 0: statusCode/);
  });

  test("an unknown agentId is refused for that event only", async () => {
    const admin = (await server.createKey("acme", "admin")).key;
    const created = await server.call(admin, "/api/agents", { json: { name: "Known", id: "known-agent" } });
    assert.equal(created.status, 201);
    const response = await server.call(key, "/api/ingest", {
      json: [event("ag-1", { agentId: "known-agent" }), event("ag-2", { agentId: "ghost" })],
    });
    assert.equal(response.status, 207);
    const body = (await response.json()) as {
      results: { status: string; errors?: { field: string; message: string }[] }[];
    };
    assert.equal(body.results[0]!.status, "accepted");
    assert.equal(body.results[1]!.errors![0]!.field, "agentId");
    assert.match(body.results[1]!.errors![0]!.message, /no agent "ghost"/);
  });

  test("projectId comes from the key: the body cannot write into another project", async () => {
    const response = await server.call(key, "/api/ingest", {
      json: event("cross-1", { projectId: "victim" }),
    });
    assert.equal(response.status, 422);
    assert.equal((await ledgerOf("victim")).length, 0);
  });

  test("an event without a cost is priced from the price book; a client's cost is kept as sent", async () => {
    const response = await server.call(key, "/api/ingest", {
      json: [
        {
          eventId: "priced-1",
          provider: "openai",
          model: "gpt-4o",
          inputTokens: 10_000,
          cacheReadTokens: 4_000,
          outputTokens: 500,
        },
        {
          eventId: "priced-2",
          provider: "openai",
          model: "gpt-4o",
          inputTokens: 10_000,
          outputTokens: 500,
          costUsd: 0.5,
        },
        { eventId: "priced-3", provider: "openai", model: "gpt-unknown", inputTokens: 10 },
        { eventId: "priced-4", provider: "openai", model: "zzz-unknown", inputTokens: 10 },
      ],
    });
    assert.equal(response.status, 200);
    const entries = (await ledgerOf("acme")).filter((entry) => entry.eventId.startsWith("priced-"));
    assert.deepEqual(
      entries.map((entry) => [
        entry.eventId,
        entry.costNanos,
        entry.costSource,
        entry.priceId,
        entry.engineCostNanos,
      ]),
      [
        // 6,000 × $2.50 + 4,000 × $1.25 + 500 × $10 per million tokens = $0.025
        ["priced-1", 25_000_000, "PROVIDER_REGISTRY", "openai/gpt-4o", undefined],
        // The client's $0.50 is kept; the engine's 10,000 × $2.50 + 500 × $10 per M = $0.03 beside it
        ["priced-2", 500_000_000, "CLIENT_SUPPLIED", undefined, 30_000_000],
        // No exact price: the dearest of the gpt family, gpt-4.5-preview, 10 × $75 per M = 750 µ$ (an upper bound)
        ["priced-3", 750_000, "FALLBACK_ECONOMICS", "family:openai/gpt*→openai/gpt-4.5-preview", undefined],
        // No family at all: unpriced, never $0
        ["priced-4", undefined, "UNPRICED", undefined, undefined],
      ],
    );
    // The pinned book plus a fingerprint of burnrate's overrides: enough to reproduce the figure.
    assert.match(entries[0]!.priceBookVersion!, /^genai-prices@0\.1\.8\+overrides\.[0-9a-f]{8}$/);
  });

  test("receivedAt is the server's time, not the client's", async () => {
    const before = Date.now();
    await server.call(key, "/api/ingest", { json: event("recv-1", { receivedAt: "2001-01-01T00:00:00Z" }) });
    const entry = (await ledgerOf("acme")).find((candidate) => candidate.eventId === "recv-1");
    assert.ok(entry && entry.receivedAt >= before && entry.receivedAt <= Date.now());
  });
});
