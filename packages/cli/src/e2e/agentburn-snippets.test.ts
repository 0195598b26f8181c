import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createKeyWithCli, makeTempDir, type ServerProcess, startServerProcess } from "@burnrate/testkit";

// The AgentBurn integration page (shared/seeds/003): its curl examples and its Python class,
// run unchanged but for host, port and an x-api-key header where the seed has none.
const run = promisify(execFile);
const temp = makeTempDir();
let server: ServerProcess;
let apiKey: string;

before(async () => {
  apiKey = await createKeyWithCli(temp.path, "onboarding", "ingest");
  server = await startServerProcess(temp.path);
});
after(async () => {
  await server.stop();
  temp.remove();
});

async function ledger(): Promise<
  {
    agentId?: string;
    model?: string;
    costUsd?: number;
    inputTokens?: number;
    taskId?: string;
    source: string;
  }[]
> {
  const readKey = await createKeyWithCli(temp.path, "onboarding", "read");
  const response = await fetch(`${server.url}/v1/ledger?order=asc`, { headers: { "x-api-key": readKey } });
  return ((await response.json()) as { events: never[] }).events;
}

describe("AgentBurn snippets against burnrate", () => {
  let agentId: string;

  test("1. register an agent (curl)", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "-X",
      "POST",
      `${server.url}/api/agents`,
      "-H",
      "Content-Type: application/json",
      "-H",
      `x-api-key: ${apiKey}`,
      "-d",
      `{
"name": "My Agent",
"description": "Handles customer onboarding workflows",
"projectId": "onboarding",
"tags": ["support", "onboarding"]
}`,
    ]);
    const agent = JSON.parse(stdout) as { id: string; name: string; tags: string[] };
    assert.equal(agent.name, "My Agent");
    assert.deepEqual(agent.tags, ["support", "onboarding"]);
    agentId = agent.id;
  });

  test("2. ingest a cost event (curl)", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "-X",
      "POST",
      `${server.url}/api/ingest`,
      "-H",
      "Content-Type: application/json",
      "-H",
      `x-api-key: ${apiKey}`,
      "-d",
      `{
"agentId": "${agentId}",
"provider": "anthropic",
"model": "claude-3.5-sonnet",
"operation": "llm_call",
"inputTokens": 12500,
"outputTokens": 3200,
"costUsd": 0.0855,
"taskId": "ticket-CTMS-5109",
"workflowId": "sprint-42"
}`,
    ]);
    assert.equal((JSON.parse(stdout) as { accepted: number }).accepted, 1);
    const [event] = await ledger();
    assert.deepEqual(
      {
        agentId: event?.agentId,
        model: event?.model,
        costUsd: event?.costUsd,
        inputTokens: event?.inputTokens,
        taskId: event?.taskId,
      },
      {
        agentId,
        model: "claude-3.5-sonnet",
        costUsd: 0.0855,
        inputTokens: 12500,
        taskId: "ticket-CTMS-5109",
      },
    );
  });

  test("3. the Python SDK example (python3 + requests)", async () => {
    const python = `
import requests
class AgentBurn:
    def __init__(self, base_url, api_key, agent_id):
        self.base_url = base_url
        self.api_key = api_key
        self.agent_id = agent_id
    def track(self, provider, cost_usd, **kwargs):
        requests.post(
            f"{self.base_url}/api/ingest",
            headers={"x-api-key": self.api_key},
            json={
                "agentId": self.agent_id,
                "provider": provider,
                "costUsd": cost_usd,
                **kwargs
            }
        )
# Usage
finops = AgentBurn("${server.url}", "${apiKey}", "${agentId}")
finops.track("anthropic", 0.085, model="claude-3.5-sonnet",
operation="llm_call", inputTokens=12500, outputTokens=3200)
`;
    await run("python3", ["-c", python]);
    const events = await ledger();
    assert.equal(events.length, 2);
    assert.deepEqual(
      {
        costUsd: events[1]?.costUsd,
        model: events[1]?.model,
        agentId: events[1]?.agentId,
        source: events[1]?.source,
      },
      { costUsd: 0.085, model: "claude-3.5-sonnet", agentId, source: "ingest" },
    );
  });
});
