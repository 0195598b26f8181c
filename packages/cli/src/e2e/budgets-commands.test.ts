import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  createKeyWithCli,
  makeTempDir,
  runCli,
  type ServerProcess,
  startServerProcess,
} from "@burnrate/testkit";

const temp = makeTempDir();
const dataDir = join(temp.path, "data");
let server: ServerProcess;
let key: string;
const cli = (...args: string[]) => runCli([...args, "--data-dir", dataDir]);

before(async () => {
  key = await createKeyWithCli(dataDir, "ops");
  server = await startServerProcess(dataDir);
});
after(async () => {
  await server.stop();
  temp.remove();
});

async function authorize(body: Record<string, unknown>): Promise<{ allowed: boolean; reason?: string }> {
  const response = await fetch(`${server.url}/v1/budget/authorize`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { allowed: boolean; reason?: string };
}

/** Polls until the server's answer changes; resolves with how long that took. */
async function msUntil(body: Record<string, unknown>, allowed: boolean, deadlineMs = 5000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < deadlineMs) {
    if ((await authorize(body)).allowed === allowed) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the server did not answer allowed=${allowed} within ${deadlineMs} ms`);
}

test("burnrate kill --agent stops that agent's calls at the running server within a second; unkill lifts it", async () => {
  assert.equal((await authorize({ agentId: "looper" })).allowed, true);
  const set = await cli("kill", "--project", "ops", "--agent", "looper", "--reason", "runaway", "--json");
  assert.equal(set.code, 0, set.stderr);
  const kill = JSON.parse(set.stdout) as { id: string };
  const took = await msUntil({ agentId: "looper" }, false);
  console.log(`# kill switch effective at the server after ${Math.round(took)} ms`);
  assert.ok(took < 1000, `took ${took} ms`);
  assert.equal((await authorize({ agentId: "other" })).allowed, true);

  const lifted = await cli("unkill", kill.id, "--project", "ops", "--reason", "fixed");
  assert.equal(lifted.code, 0, lifted.stderr);
  await msUntil({ agentId: "looper" }, true);
  const history = await cli("kills", "--project", "ops", "--all", "--json");
  const [entry] = JSON.parse(history.stdout) as { state: string; liftReason: string; liftedBy: string }[];
  assert.equal(entry?.state, "lifted");
  assert.equal(entry?.liftReason, "fixed");
  assert.match(entry?.liftedBy ?? "", /^cli:/);
  const again = await cli("unkill", kill.id, "--project", "ops");
  assert.equal(again.code, 1);
  assert.match(again.stderr, /no active kill switch/);
});

test("burnrate budgets create applies at the running server; list shows the window's spend", async () => {
  const created = await cli(
    "budgets",
    "create",
    "--project",
    "ops",
    "--id",
    "tokyo",
    "--limit-usd",
    "1",
    "--window",
    "daily",
    "--time-zone",
    "Asia/Tokyo",
    "--feature",
    "search",
  );
  assert.equal(created.code, 0, created.stderr);
  await msUntil({ featureId: "search", worstCaseUsd: 2 }, false);
  const ingested = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({
      eventId: randomUUID(),
      provider: "openai",
      model: "gpt-4o",
      featureId: "search",
      costUsd: 0.25,
    }),
  });
  assert.equal(ingested.status, 200);
  const listed = await cli("budgets", "list", "--project", "ops", "--json");
  assert.equal(listed.code, 0, listed.stderr);
  const [budget] = JSON.parse(listed.stdout) as {
    id: string;
    status: { spentUsd: number; resetsAt: string };
  }[];
  assert.equal(budget?.id, "tokyo");
  assert.equal(budget?.status.spentUsd, 0.25);
  assert.equal(new Date(budget!.status.resetsAt).getUTCHours(), 15, "midnight in Tokyo is 15:00 UTC");
  const table = await cli("budgets", "list", "--project", "ops");
  assert.match(
    table.stdout,
    /tokyo\s+featureId=search\s+daily \(Asia\/Tokyo\)\s+block\s+\$1\.00\s+\$0\.2500/,
  );
  const deleted = await cli("budgets", "delete", "tokyo", "--project", "ops");
  assert.equal(deleted.code, 0);
  await msUntil({ featureId: "search", worstCaseUsd: 2 }, true);
});

test("bad budget input exits 2 with one clear line", async () => {
  const bad = await cli("budgets", "create", "--project", "ops", "--limit-usd", "5", "--window", "weekly");
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  assert.match(bad.stderr, /invalid --window "weekly"/);
  const zone = await cli(
    "budgets",
    "create",
    "--project",
    "ops",
    "--limit-usd",
    "5",
    "--window",
    "daily",
    "--time-zone",
    "Mars/Olympus",
  );
  assert.equal(zone.code, 2);
  assert.match(zone.stderr, /window\.timeZone must be an IANA time zone/);
  const noScope = await cli("kill", "--project", "ops");
  assert.equal(noScope.code, 2);
});
