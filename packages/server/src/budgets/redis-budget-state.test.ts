import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { after, describe, test } from "node:test";
import type { BudgetState, CounterCheck } from "./budget-state.js";
import { openRedisBudgetState, type RedisBudgetStateOptions } from "./open-redis-budget-state.js";
import { runBudgetStateConformance } from "./testing/budget-state-conformance.js";
import { startStuckRedis } from "./testing/stuck-redis.js";
import { deleteRedisKeys, redisUnavailable, testRedisPrefix, testRedisUrl } from "./testing/test-redis.js";

const DOLLAR = 1_000_000_000;

const unavailable = await redisUnavailable();
if (unavailable !== undefined && process.env.CI === "true") throw new Error(unavailable);

const prefixes: string[] = [];
/** A key prefix of this run's, deleted at the end. */
function newPrefix(): string {
  prefixes.push(testRedisPrefix());
  return prefixes.at(-1)!;
}
const prefix = newPrefix();
const states: BudgetState[] = [];
after(async () => {
  await Promise.all(states.map((state) => state.close()));
  if (unavailable === undefined) for (const each of prefixes) await deleteRedisKeys(each);
});
async function open(options: Partial<RedisBudgetStateOptions> = {}): Promise<BudgetState> {
  const state = await openRedisBudgetState({ url: testRedisUrl(), keyPrefix: prefix, ...options });
  states.push(state);
  return state;
}

function dollarBudget(): CounterCheck {
  const key = `t/${randomUUID()}`;
  return {
    readKeys: [key],
    writeKey: key,
    expiresAt: Date.now() + 3_600_000,
    limitNanos: DOLLAR,
    enforce: true,
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

if (unavailable !== undefined) {
  test("Redis budget state", { skip: unavailable }, () => {});
} else {
  runBudgetStateConformance("redis", () => openRedisBudgetState({ url: testRedisUrl(), keyPrefix: prefix }));

  describe("redis budget state", () => {
    test("two instances seed a counter once and 200 calls split across them never pass $1", async () => {
      const [first, second] = [await open(), await open()];
      const budget = dollarBudget();
      await first.seed(budget.writeKey, { spentNanos: 0, requests: 0, tokens: 0 }, budget.expiresAt);
      await second.seed(budget.writeKey, { spentNanos: 5, requests: 5, tokens: 5 }, budget.expiresAt);
      const worstCase = { costNanos: 0.02 * DOLLAR, tokens: 0 };
      let allowed = 0;
      await Promise.all(
        Array.from({ length: 200 }, async (_, index) => {
          const state = index % 2 === 0 ? first : second;
          const id = `two-${index}-${randomUUID()}`;
          const outcome = await state.reserve(id, [budget], worstCase, 60_000, Date.now());
          if (outcome.status !== "reserved") return assert.equal(outcome.status, "refused");
          allowed += 1;
          const actual = { costNanos: worstCase.costNanos - (index % 7) * 1000, tokens: 1 };
          assert.equal(await (index % 3 === 0 ? second : first).settle(id, actual, Date.now()), "settled");
        }),
      );
      const read = await second.read([budget], Date.now());
      const usage = read.status === "ok" ? read.usages[0]! : assert.fail(read.status);
      const overshoot = Math.max(0, usage.spentNanos - DOLLAR);
      console.log(
        `# redis, two instances: 200 calls, ${allowed} allowed, spent $${usage.spentNanos / DOLLAR}, overshoot $${overshoot / DOLLAR}`,
      );
      assert.equal(overshoot, 0);
      assert.equal(allowed, 50, "$1 holds exactly fifty $0.02 worst cases");
      assert.deepEqual([usage.reservedNanos, usage.requests, usage.tokens], [0, allowed, allowed]);
    });

    test("counters lost from Redis answer unseeded again, and are rebuilt by seeding", async () => {
      const state = await open({ keyPrefix: newPrefix() });
      const lostPrefix = newPrefix();
      const lost = await open({ keyPrefix: lostPrefix });
      const budget = dollarBudget();
      const cost = { costNanos: DOLLAR / 10, tokens: 0 };
      for (const each of [state, lost]) {
        await each.seed(budget.writeKey, { spentNanos: 0, requests: 0, tokens: 0 }, budget.expiresAt);
        assert.equal((await each.reserve("f1", [budget], cost, 60_000, Date.now())).status, "reserved");
      }
      assert.ok((await deleteRedisKeys(lostPrefix)) > 0);
      assert.deepEqual(await lost.reserve("f2", [budget], cost, 60_000, Date.now()), {
        status: "unseeded",
        keys: [budget.writeKey],
      });
      assert.equal(await lost.settle("f1", cost, Date.now()), "unknown");
      await lost.record([budget.writeKey], cost, Date.now());
      assert.equal((await lost.read([budget], Date.now())).status, "unseeded", "record creates no counter");
      await lost.seed(budget.writeKey, { spentNanos: 7, requests: 1, tokens: 0 }, budget.expiresAt);
      assert.equal((await lost.reserve("f3", [budget], cost, 60_000, Date.now())).status, "reserved");
      assert.equal((await state.read([budget], Date.now())).status, "ok", "another prefix is untouched");
    });

    test("an expired reservation is released from every counter, even once its record is gone", async () => {
      const statePrefix = newPrefix();
      const state = await open({ keyPrefix: statePrefix });
      const [project, agent] = [dollarBudget(), dollarBudget()];
      for (const budget of [project, agent])
        await state.seed(budget.writeKey, { spentNanos: 0, requests: 0, tokens: 0 }, budget.expiresAt);
      const t0 = Date.now();
      const cost = { costNanos: DOLLAR / 4, tokens: 0 };
      assert.equal((await state.reserve("e1", [project, agent], cost, 1000, t0)).status, "reserved");
      assert.equal((await state.reserve("e2", [project, agent], cost, 1000, t0)).status, "reserved");
      assert.equal(await deleteRedisKeys(`${statePrefix}r:e1`), 1, "e1's record is lost");
      const read = await state.read([project], t0 + 1000);
      assert.equal(read.status === "ok" && read.usages[0]!.reservedNanos, 0);
      assert.equal(await state.settle("e2", cost, t0 + 1000), "unknown", "expired");
      const both = await state.read([agent, project], t0 + 1000);
      assert.deepEqual(
        both.status === "ok" && both.usages.map((usage) => usage.reservedNanos + usage.spentNanos),
        [0, 0],
      );
    });

    test("money past 2^32 and up to 2^53 is counted to the nano-dollar", async () => {
      const state = await open();
      const budget = { ...dollarBudget(), limitNanos: 2 ** 53 - 1 };
      const big = 4_000_000_000_000_001; // $4M and one nano-dollar
      await state.seed(budget.writeKey, { spentNanos: big, requests: 0, tokens: 0 }, budget.expiresAt);
      const reserved = await state.reserve(
        "big",
        [budget],
        { costNanos: big, tokens: 0 },
        60_000,
        Date.now(),
      );
      assert.equal(reserved.status, "reserved");
      await state.settle("big", { costNanos: big - 2, tokens: 0 }, Date.now());
      await state.record([budget.writeKey], { costNanos: 3, tokens: 0 }, Date.now());
      const read = await state.read([budget], Date.now());
      assert.equal(read.status === "ok" && read.usages[0]!.spentNanos, 2 * big + 1);
      const over = { costNanos: 2 ** 53 - 1 - (2 * big + 1) + 1, tokens: 0 };
      assert.equal((await state.reserve("over", [budget], over, 60_000, Date.now())).status, "refused");
      await assert.rejects(state.reserve("x", [budget], { costNanos: 0.5, tokens: 0 }, 1, 0), RangeError);
    });

    test("a Redis that is down fails every call within a second, and is reported once without secrets", async () => {
      const messages: string[] = [];
      const url = `redis://:hunter2-secret@127.0.0.1:${await closedPort()}`;
      const started = Date.now();
      const state = await open({ url, onError: (message) => messages.push(message) });
      assert.ok(Date.now() - started < 1000, "opening does not wait for Redis");
      const budget = dollarBudget();
      const cost = { costNanos: 1, tokens: 0 };
      const calls: [string, () => Promise<unknown>][] = [
        ["ping", () => state.ping()],
        [
          "seed",
          () => state.seed(budget.writeKey, { spentNanos: 0, requests: 0, tokens: 0 }, budget.expiresAt),
        ],
        ["reserve", () => state.reserve("d1", [budget], cost, 1000, Date.now())],
        ["settle", () => state.settle("d1", cost, Date.now())],
        ["record", () => state.record([budget.writeKey], cost, Date.now())],
        ["read", () => state.read([budget], Date.now())],
      ];
      for (const [name, call] of calls) {
        const start = Date.now();
        await assert.rejects(call(), name);
        assert.ok(Date.now() - start < 1000, `${name} failed in ${Date.now() - start} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // a few reconnection attempts
      assert.equal(messages.length, 1, messages.join("\n"));
      assert.doesNotMatch(messages[0]!, /hunter2/);
    });

    test("a Redis that hangs fails a call after the command timeout", async () => {
      const stuck = await startStuckRedis();
      try {
        const state = await open({ url: stuck.url, commandTimeoutMs: 300, onError: () => {} });
        const start = Date.now();
        await assert.rejects(
          state.reserve("h1", [dollarBudget()], { costNanos: 1, tokens: 0 }, 1000, start),
          /timed out/,
        );
        await assert.rejects(state.ping(), /timed out/);
        const elapsed = Date.now() - start;
        assert.ok(elapsed >= 550 && elapsed < 1500, `two timed-out calls took ${elapsed} ms`);
      } finally {
        await stuck.close();
      }
    });
  });
}
