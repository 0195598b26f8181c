import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let key: string;
const T0 = Date.UTC(2026, 10, 1);
before(async () => {
  server = await startTestServer();
  key = (await server.createKey("ledger", "admin")).key;
  const events = Array.from({ length: 25 }, (_, index) => ({
    eventId: `ev-${String(index).padStart(2, "0")}`,
    timestamp: new Date(T0 + index * 3_600_000).toISOString(),
    provider: index % 2 === 0 ? "openai" : "anthropic",
    model: index % 2 === 0 ? "gpt-4o" : "claude-sonnet-4-5",
    featureId: index < 10 ? "chat" : "search",
    userTier: "pro",
    inputTokens: 1000 + index,
    outputTokens: 10,
    costUsd: 0.001,
    metadata: { note: 'has, a "comma"' },
  }));
  const response = await server.call(key, "/api/ingest", { json: events });
  assert.equal(response.status, 200);
});
after(() => server.stop());

interface Page {
  events: { eventId: string; seq: number; costUsd: number; timestamp: string; hash: string }[];
  nextCursor: string | null;
}

describe("GET /v1/ledger", () => {
  test("pages newest first with a cursor until the end", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/ledger?limit=10${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await server.call(key, query)).json()) as Page;
      seen.push(...page.events.map((event) => event.eventId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.equal(seen.length, 25);
    assert.equal(seen[0], "ev-24");
    assert.equal(seen[24], "ev-00");
  });

  test("filters by time range, provider and feature, in dollars and ISO times", async () => {
    const from = new Date(T0 + 4 * 3_600_000).toISOString();
    const to = new Date(T0 + 14 * 3_600_000).toISOString();
    const response = await server.call(
      key,
      `/v1/ledger?order=asc&provider=openai&featureId=search&from=${from}&to=${to}`,
    );
    const page = (await response.json()) as Page;
    assert.deepEqual(
      page.events.map((event) => event.eventId),
      ["ev-10", "ev-12"],
    );
    assert.equal(page.events[0]!.costUsd, 0.001);
    assert.equal(page.events[0]!.timestamp, new Date(T0 + 10 * 3_600_000).toISOString());
    assert.match(page.events[0]!.hash, /^[0-9a-f]{64}$/);
  });

  test("bad parameters are 400 naming the parameter", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["from=yesterday", "from"],
      ["order=sideways", "order"],
      ["cursor=garbage", "cursor"],
      ["colour=red", "colour"],
    ]) {
      const response = await server.call(key, `/v1/ledger?${query}`);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { error: { issues: { field: string }[] } };
      assert.equal(body.error.issues[0]!.field, field, query);
    }
  });

  test("exports CSV with a header and quoted cells", async () => {
    const response = await server.call(key, "/v1/ledger?format=csv&featureId=chat");
    assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8");
    const lines = (await response.text()).trimEnd().split("\r\n");
    assert.equal(lines.length, 11);
    assert.match(lines[0]!, /^seq,eventId,entryType,/);
    assert.match(lines[1]!, /"\{""note"":""has, a \\""comma\\""""\}"/);
  });

  test("exports JSON lines, every matching entry, beyond one page", async () => {
    const response = await server.call(key, "/v1/ledger?format=jsonl&limit=5");
    const rows = (await response.text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { eventId: string });
    assert.equal(rows.length, 25);
  });
});
