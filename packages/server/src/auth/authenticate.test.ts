import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const oneEvent = (eventId: string) => ({ eventId, provider: "openai", outputTokens: 1 });

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("API key authentication and scopes", () => {
  test("no key, a malformed key and an unknown key are 401 with a JSON error", async () => {
    const none = await server.call(undefined, "/api/ingest", { json: oneEvent("n1") });
    assert.equal(none.status, 401);
    assert.match((await errorOf(none)).message, /missing API key/);
    const malformed = await server.call("hello", "/api/ingest", { json: oneEvent("n2") });
    assert.equal(malformed.status, 401);
    const unknown = await server.call(`br_${"A".repeat(43)}`, "/api/ingest", { json: oneEvent("n3") });
    assert.equal(unknown.status, 401);
    assert.equal((await errorOf(unknown)).code, "BR_ERR_UNAUTHENTICATED");
  });

  test("Authorization: Bearer works as well as x-api-key", async () => {
    const { key } = await server.createKey("bearer", "ingest");
    const response = await fetch(`${server.url}/api/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(oneEvent("b1")),
    });
    assert.equal(response.status, 200);
  });

  test("an ingest key cannot read; a read key cannot write; admin can do both", async () => {
    const ingest = (await server.createKey("scoped", "ingest")).key;
    const read = (await server.createKey("scoped", "read")).key;
    const admin = (await server.createKey("scoped", "admin")).key;
    const denied = await server.call(ingest, "/v1/ledger");
    assert.equal(denied.status, 403);
    assert.match((await errorOf(denied)).message, /"ingest" scope/);
    assert.equal((await server.call(ingest, "/api/agents")).status, 403);
    assert.equal((await server.call(read, "/api/ingest", { json: oneEvent("s1") })).status, 403);
    assert.equal(
      (await server.call(read, "/api/agents/x", { method: "PATCH", json: { name: "n" } })).status,
      403,
    );
    assert.equal((await server.call(read, "/v1/ledger")).status, 200);
    assert.equal((await server.call(admin, "/api/ingest", { json: oneEvent("s2") })).status, 200);
    assert.equal((await server.call(admin, "/v1/ledger")).status, 200);
  });

  test("a key of project A never reads or writes project B", async () => {
    const a = (await server.createKey("project-a", "admin")).key;
    const b = (await server.createKey("project-b", "admin")).key;
    await server.call(a, "/api/ingest", { json: oneEvent("secret-a") });
    await server.call(a, "/api/agents", { json: { id: "agent-a", name: "A" } });
    const seenByB = (await (await server.call(b, "/v1/ledger")).json()) as { events: unknown[] };
    assert.deepEqual(seenByB.events, []);
    assert.equal((await server.call(b, "/api/agents/agent-a")).status, 404);
    assert.equal(
      (await server.call(b, "/api/agents/agent-a", { method: "PATCH", json: { name: "pwned" } })).status,
      404,
    );
    const written = await server.call(b, "/api/ingest", {
      json: { ...oneEvent("into-a"), projectId: "project-a" },
    });
    assert.equal(written.status, 422);
    const seenByA = (await (await server.call(a, "/v1/ledger")).json()) as { events: { eventId: string }[] };
    assert.deepEqual(
      seenByA.events.map((event) => event.eventId),
      ["secret-a"],
    );
  });

  test("a revoked key is refused once the short key cache expires", async () => {
    const { id, key } = await server.createKey("revoking", "ingest");
    assert.equal((await server.call(key, "/api/ingest", { json: oneEvent("r1") })).status, 200);
    await server.storage.keys.revoke(id, Date.now());
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await server.call(key, "/api/ingest", { json: oneEvent(`r-${Date.now()}`) })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 401);
    const response = await server.call(key, "/api/ingest", { json: oneEvent("r3") });
    assert.match((await errorOf(response)).message, /revoked/);
  });
});
