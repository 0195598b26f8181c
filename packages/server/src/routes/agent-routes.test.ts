import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testBackend } from "@burnrate/testkit";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let admin: string;
before(async () => {
  server = await startTestServer();
  admin = (await server.createKey("onboarding", "admin")).key;
});
after(() => server.stop());

interface AgentBody {
  id: string;
  name: string;
  status: string;
  tags: string[];
  projectId: string;
  archivedAt: string | null;
}

describe("/api/agents", () => {
  test("register, read, list, update, archive", async () => {
    const created = await server.call(admin, "/api/agents", {
      json: {
        name: "My Agent",
        description: "Handles onboarding",
        projectId: "onboarding",
        tags: ["support"],
      },
    });
    assert.equal(created.status, 201);
    const agent = (await created.json()) as AgentBody;
    assert.match(agent.id, /^agt_[0-9a-f]{20}$/);
    assert.equal(agent.projectId, "onboarding");
    assert.equal(agent.status, "active");

    const fetched = (await (await server.call(admin, `/api/agents/${agent.id}`)).json()) as AgentBody;
    assert.deepEqual(fetched, agent);
    const patched = await server.call(admin, `/api/agents/${agent.id}`, {
      method: "PATCH",
      json: { name: "Renamed", tags: [] },
    });
    assert.equal(((await patched.json()) as AgentBody).name, "Renamed");
    const archived = (await (
      await server.call(admin, `/api/agents/${agent.id}/archive`, { method: "POST" })
    ).json()) as AgentBody;
    assert.equal(archived.status, "archived");
    assert.ok(archived.archivedAt);

    const active = (await (await server.call(admin, "/api/agents")).json()) as { agents: AgentBody[] };
    assert.equal(
      active.agents.some((listed) => listed.id === agent.id),
      false,
    );
    const all = (await (await server.call(admin, "/api/agents?includeArchived=true")).json()) as {
      agents: AgentBody[];
    };
    assert.equal(
      all.agents.some((listed) => listed.id === agent.id),
      true,
    );

    const late = await server.call(admin, "/api/ingest", {
      json: { agentId: agent.id, provider: "openai", costUsd: 0.01 },
    });
    assert.equal(late.status, 200, "events for an archived agent are still accepted");
  });

  test("a chosen id works once; a second registration is 409", async () => {
    assert.equal(
      (await server.call(admin, "/api/agents", { json: { id: "support-bot", name: "Support" } })).status,
      201,
    );
    const again = await server.call(admin, "/api/agents", { json: { id: "support-bot", name: "Support" } });
    assert.equal(again.status, 409);
  });

  test("invalid bodies are 400 naming the field; unknown ids are 404", async () => {
    const noName = await server.call(admin, "/api/agents", { json: { description: "x" } });
    assert.equal(noName.status, 400);
    assert.equal(
      ((await noName.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field,
      "name",
    );
    const wrongProject = await server.call(admin, "/api/agents", {
      json: { name: "x", projectId: "elsewhere" },
    });
    assert.equal(wrongProject.status, 400);
    const badPatch = await server.call(admin, "/api/agents/support-bot", {
      method: "PATCH",
      json: { colour: "red" },
    });
    assert.equal(badPatch.status, 400);
    assert.equal((await server.call(admin, "/api/agents/nope")).status, 404);
    assert.equal((await server.call(admin, "/api/agents/nope/archive", { method: "POST" })).status, 404);
  });
});

describe("health and the home page", () => {
  test("GET /v1/health needs no key and reports the storage backend", async () => {
    const response = await fetch(`${server.url}/v1/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; storage: { backend: string; ok: boolean } };
    assert.equal(body.status, "ok");
    assert.deepEqual(body.storage, { backend: testBackend(), ok: true });
  });

  test("/ serves the dashboard placeholder; unknown routes are JSON 404s", async () => {
    const home = await fetch(`${server.url}/`);
    assert.match(home.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await home.text(), /<title>burnrate<\/title>/);
    const missing = await fetch(`${server.url}/v1/nothing`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, "BR_ERR_NOT_FOUND");
  });
});
