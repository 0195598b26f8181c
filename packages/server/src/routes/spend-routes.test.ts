import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let readKey: string;

before(async () => {
  server = await startTestServer();
  const ingestKey = (await server.createKey("acme", "ingest")).key;
  readKey = (await server.createKey("acme", "read")).key;
  const otherKey = (await server.createKey("other", "ingest")).key;
  const event = (
    eventId: string,
    timestamp: string,
    model: string,
    costUsd: number,
    featureId = "search",
  ) => ({
    eventId,
    timestamp,
    provider: "openai",
    model,
    featureId,
    inputTokens: 100,
    outputTokens: 10,
    costUsd,
  });
  const stored = await server.call(ingestKey, "/v1/events", {
    json: [
      event("a", "2026-11-01T22:30:00Z", "gpt-4o", 0.5),
      event("b", "2026-11-01T23:30:00Z", "gpt-4o", 0.25, "chat"),
      event("c", "2026-11-02T10:00:00Z", "gpt-4o-mini", 0.125),
    ],
  });
  assert.equal(stored.status, 200);
  await server.call(otherKey, "/v1/events", { json: event("z", "2026-11-01T22:30:00Z", "gpt-4o", 100) });
});
after(() => server.stop());

const spend = (query: string) => server.call(readKey, `/v1/spend?${query}`);

describe("GET /v1/spend", () => {
  test("groups the project's spend by day in a time zone and by model, with a total", async () => {
    const response = await spend(
      "from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&groupBy=day,model&tz=Europe/Paris",
    );
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      rows: { day: string; model: string; costUsd: number; events: number }[];
      total: { costUsd: number; events: number };
      timeZone: string;
    };
    // 23:30Z on Nov 1 is 00:30 on Nov 2 in Paris (UTC+1).
    assert.deepEqual(
      body.rows.map((row) => [row.day, row.model, row.costUsd, row.events]),
      [
        ["2026-11-01", "gpt-4o", 0.5, 1],
        ["2026-11-02", "gpt-4o", 0.25, 1],
        ["2026-11-02", "gpt-4o-mini", 0.125, 1],
      ],
    );
    assert.deepEqual([body.total.costUsd, body.total.events, body.timeZone], [0.875, 3, "Europe/Paris"]);
  });

  test("filters by feature", async () => {
    const response = await spend("from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&featureId=chat");
    const body = (await response.json()) as { total: { costUsd: number; events: number } };
    assert.deepEqual([body.total.costUsd, body.total.events], [0.25, 1]);
  });

  test("bad parameters are 400s naming the parameter", async () => {
    for (const [query, field] of [
      ["groupBy=week", "groupBy"],
      ["tz=Mars/Olympus", "tz"],
      ["from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from"],
      ["from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=hour", "groupBy"],
      ["to=soon", "to"],
    ] as const) {
      const response = await spend(query);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { error: { issues: { field: string }[] } };
      assert.equal(body.error.issues[0]!.field, field, query);
    }
  });
});
