import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let admin: { id: string; key: string };
let ingest: string;
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as any,
});

before(async () => {
  server = await startTestServer();
  admin = await server.createKey("kills", "admin");
  ingest = (await server.createKey("kills", "ingest")).key;
});
after(() => server.stop());

const authorize = (body: Record<string, unknown>) =>
  server.call(ingest, "/v1/budget/authorize", { json: body }).then(json);

test("a kill switch stops every call in its scope at once, and lifting it is recorded", async () => {
  assert.equal((await authorize({ agentId: "looper" })).body.allowed, true);
  const set = await server
    .call(admin.key, "/v1/kills", { json: { scope: { agentId: "looper" }, reason: "runaway loop" } })
    .then(json);
  assert.equal(set.status, 201);
  assert.equal(set.body.state, "active");
  assert.equal(set.body.createdBy, admin.id);
  const refused = await authorize({ agentId: "looper", provider: "openai", model: "gpt-4o" });
  assert.equal(refused.body.allowed, false);
  assert.equal(refused.body.reason, "killed");
  assert.equal(refused.body.killSwitch.id, set.body.id);
  assert.match(refused.body.message, /runaway loop/);
  assert.equal((await authorize({ agentId: "other" })).body.allowed, true, "other agents go on");
  const status = await server.call(ingest, "/v1/budget?agentId=looper").then(json);
  assert.equal(status.body.exceeded, true);
  assert.equal(status.body.state, "killed");
  assert.equal((await server.call(ingest, "/v1/budget?agentId=other").then(json)).body.exceeded, false);

  const lifted = await server
    .call(admin.key, `/v1/kills/${set.body.id}`, { method: "DELETE", json: { reason: "fixed the loop" } })
    .then(json);
  assert.equal(lifted.status, 200);
  assert.equal(lifted.body.state, "lifted");
  assert.equal(lifted.body.liftedBy, admin.id);
  assert.equal(lifted.body.liftReason, "fixed the loop");
  assert.equal((await authorize({ agentId: "looper" })).body.allowed, true);
  const again = await server.call(admin.key, `/v1/kills/${set.body.id}`, { method: "DELETE" }).then(json);
  assert.equal(again.status, 404);
  const history = await server.call(admin.key, "/v1/kills?includeLifted=true").then(json);
  assert.deepEqual(
    history.body.kills.map((kill: any) => kill.state),
    ["lifted"],
  );
  assert.deepEqual((await server.call(admin.key, "/v1/kills").then(json)).body.kills, []);
});

test("a project-wide kill switch stops every call; only admins set one", async () => {
  const forbidden = await server.call(ingest, "/v1/kills", { json: {} });
  assert.equal(forbidden.status, 403);
  const bad = await server.call(admin.key, "/v1/kills", { json: { scope: { agent: "x" } } }).then(json);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /agent/);
  const set = await server.call(admin.key, "/v1/kills", { json: {} }).then(json);
  assert.equal((await authorize({ featureId: "anything" })).body.allowed, false);
  await server.call(admin.key, `/v1/kills/${set.body.id}`, { method: "DELETE" });
  assert.equal((await authorize({ featureId: "anything" })).body.allowed, true);
});
