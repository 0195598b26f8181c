import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { deleteRedisKeys, redisUnavailable, testRedisPrefix, testRedisUrl } from "@burnrate/server/testing";
import {
  createTestSchema,
  makeTempDir,
  postgresUnavailable,
  runCli,
  type ServerProcess,
  startServerProcess,
  type TestSchema,
} from "@burnrate/testkit";

// Two `burnrate serve` processes on one PostgreSQL sharing one Redis: one budget, one kill switch.
const unavailable = (await postgresUnavailable()) ?? (await redisUnavailable());
if (unavailable !== undefined && process.env.CI === "true") throw new Error(unavailable);

const json = async (response: Response) => (await response.json()) as any;

describe("two instances sharing Redis enforce one budget", { skip: unavailable }, () => {
  const temp = makeTempDir();
  const prefix = testRedisPrefix();
  let schema: TestSchema;
  let servers: ServerProcess[] = [];
  let key: string;

  const call = (
    server: ServerProcess,
    path: string,
    body?: unknown,
    method = body === undefined ? "GET" : "POST",
  ) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { "x-api-key": key, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  before(async () => {
    schema = await createTestSchema();
    const env = {
      BURNRATE_DATABASE_URL: schema.url,
      BURNRATE_SECRET: "one-secret-for-every-instance",
      BURNRATE_REDIS_URL: testRedisUrl(),
      BURNRATE_REDIS_PREFIX: prefix,
    };
    const created = await runCli(["keys", "create", "--project", "shared", "--scope", "admin", "--json"], {
      env: { ...env, BURNRATE_DATA_DIR: join(temp.path, "a") },
    });
    assert.equal(created.code, 0, created.stderr);
    key = (JSON.parse(created.stdout) as { key: string }).key;
    servers = await Promise.all([
      startServerProcess(join(temp.path, "a"), env),
      startServerProcess(join(temp.path, "b"), env),
    ]);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await schema?.drop();
    await deleteRedisKeys(prefix);
    temp.remove();
  });

  test("health says the budget state is Redis", async () => {
    for (const server of servers) {
      const health = await json(await fetch(`${server.url}/v1/health`));
      assert.deepEqual(health.budgets, { state: "redis", ok: true, failMode: "open" });
    }
  });

  test("200 concurrent calls split across both instances: spend ends at or under $1", {
    timeout: 60_000,
  }, async () => {
    const created = await call(servers[0]!, "/v1/budgets", {
      id: "cap",
      window: { kind: "daily", timeZone: "Europe/Berlin" },
      limitUsd: 1,
      action: "block",
    });
    assert.equal(created.status, 201);
    // The other instance learns of the budget within its refresh: wait until it refuses a $2 call.
    while ((await json(await call(servers[1]!, "/v1/budget/authorize", { worstCaseUsd: 2 }))).allowed) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const worstCaseUsd = Math.round((0.01 + random() * 0.01) * 1e6) / 1e6;
        const decision = await json(
          await call(servers[index % 2]!, "/v1/budget/authorize", { worstCaseUsd }),
        );
        assert.equal(decision.degraded, undefined, "Redis answered every decision");
        if (!decision.allowed) return false;
        const costUsd = Math.round(worstCaseUsd * (0.5 + random() / 2) * 1e6) / 1e6;
        // Settled through the other instance: the reservation lives in Redis, not in either process.
        const stored = await call(servers[(index + 1) % 2]!, "/v1/events", {
          eventId: randomUUID(),
          provider: "openai",
          model: "gpt-4o",
          costUsd,
          reservationId: decision.reservationId,
        });
        assert.equal(stored.status, 200);
        return true;
      }),
    );
    const allowed = outcomes.filter(Boolean).length;
    const statuses = await Promise.all(
      servers.map(async (server) => (await json(await call(server, "/v1/budgets/cap"))).status),
    );
    assert.deepEqual(statuses[0], statuses[1], "both instances see the same counters");
    const { spentUsd, reservedUsd, requests } = statuses[0];
    console.log(
      `# two instances, one Redis: 200 calls, ${allowed} allowed, spent $${spentUsd}, overshoot $${Math.max(0, spentUsd - 1)}`,
    );
    assert.equal(reservedUsd, 0);
    assert.equal(requests, allowed);
    assert.ok(spentUsd <= 1, `spent ${spentUsd}`);
    assert.ok(allowed >= 50 && allowed < 200);
  });

  test("a kill switch set through one instance stops calls at the other within a second", async () => {
    assert.equal(
      (await json(await call(servers[1]!, "/v1/budget/authorize", { agentId: "bot" }))).allowed,
      true,
    );
    const set = await call(servers[0]!, "/v1/kills", { scope: { agentId: "bot" }, reason: "test" });
    assert.equal(set.status, 201);
    const start = performance.now();
    while ((await json(await call(servers[1]!, "/v1/budget/authorize", { agentId: "bot" }))).allowed) {
      assert.ok(performance.now() - start < 5000, "never reached the other instance");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const took = performance.now() - start;
    console.log(`# kill switch reached the other instance after ${Math.round(took)} ms`);
    assert.ok(took < 1000, `took ${took} ms`);
  });
});
