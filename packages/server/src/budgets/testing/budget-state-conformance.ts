import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { BudgetState, CounterCheck } from "../budget-state.js";

const DOLLAR = 1_000_000_000;
const ZERO = { spentNanos: 0, requests: 0, tokens: 0 };

/** Yields to the event loop a few times, so concurrent calls interleave like real I/O. */
async function turns(count: number) {
  for (let index = 0; index < count; index += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The contract of a budget state (in-process or Redis). `open` returns a state; keys are unique
 * per test, so a shared Redis needs no flushing.
 */
export function runBudgetStateConformance(name: string, open: () => Promise<BudgetState>): void {
  describe(`budget state conformance: ${name}`, () => {
    let state: BudgetState;
    before(async () => {
      state = await open();
    });
    after(() => state.close());
    const check = (limitUsd: number, extra: Partial<CounterCheck> = {}): CounterCheck => {
      const key = `t/${randomUUID()}`;
      return {
        readKeys: [key],
        writeKey: key,
        expiresAt: Date.now() + 3_600_000,
        limitNanos: limitUsd * DOLLAR,
        enforce: true,
        ...extra,
      };
    };
    const seed = (c: CounterCheck, spentNanos = 0) =>
      Promise.all(c.readKeys.map((key) => state.seed(key, { ...ZERO, spentNanos }, c.expiresAt)));

    test("a counter that is not loaded is reported, seeded once, and never overwritten", async () => {
      const budget = check(1);
      const now = Date.now();
      assert.deepEqual(await state.reserve("r0", [budget], { costNanos: 1, tokens: 0 }, 1000, now), {
        status: "unseeded",
        keys: [budget.writeKey],
      });
      await state.seed(budget.writeKey, { spentNanos: 5, requests: 2, tokens: 7 }, budget.expiresAt);
      await state.seed(budget.writeKey, { spentNanos: 999, requests: 9, tokens: 9 }, budget.expiresAt);
      const read = await state.read([budget], now);
      assert.deepEqual(read, {
        status: "ok",
        usages: [{ spentNanos: 5, reservedNanos: 0, requests: 2, tokens: 7 }],
      });
    });

    test("200 concurrent calls of up to $0.02 against a $1 block budget: spend never passes $1", async () => {
      const budget = check(1);
      await seed(budget);
      let random = 42;
      const next = () => {
        random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
        return random / 2 ** 31;
      };
      let allowed = 0;
      let refused = 0;
      await Promise.all(
        Array.from({ length: 200 }, async (_, index) => {
          await turns(Math.floor(next() * 5));
          const worstCase = { costNanos: 0.02 * DOLLAR, tokens: 0 };
          const id = `rsv-${index}-${randomUUID()}`;
          const outcome = await state.reserve(id, [budget], worstCase, 60_000, Date.now());
          if (outcome.status !== "reserved") {
            assert.equal(outcome.status, "refused");
            refused += 1;
            return;
          }
          allowed += 1;
          await turns(1 + Math.floor(next() * 10));
          // The real cost is at most the worst case the call reserved.
          const actual = Math.round(worstCase.costNanos * (0.5 + next() / 2));
          assert.equal(await state.settle(id, { costNanos: actual, tokens: 10 }, Date.now()), "settled");
        }),
      );
      const read = await state.read([budget], Date.now());
      assert.equal(read.status, "ok");
      const usage = read.status === "ok" ? read.usages[0]! : assert.fail();
      const overshoot = Math.max(0, usage.spentNanos - DOLLAR);
      console.log(
        `# ${name}: 200 calls, ${allowed} allowed, ${refused} refused, spent $${usage.spentNanos / DOLLAR}, overshoot $${overshoot / DOLLAR}`,
      );
      assert.equal(usage.reservedNanos, 0);
      assert.equal(overshoot, 0);
      assert.ok(refused > 0 && allowed >= 50, "the budget ran out and stopped calls");
      assert.equal(usage.requests, allowed);
      assert.equal(usage.tokens, allowed * 10);
    });

    test("an unsettled reservation expires and frees the budget; settling is once", async () => {
      const budget = check(1);
      await seed(budget);
      const t0 = Date.now();
      const cost = (usd: number) => ({ costNanos: usd * DOLLAR, tokens: 0 });
      assert.equal((await state.reserve("a", [budget], cost(0.9), 30_000, t0)).status, "reserved");
      const refused = await state.reserve("b", [budget], cost(0.2), 30_000, t0 + 29_000);
      assert.equal(refused.status === "refused" && refused.refusedBy, 0);
      assert.equal((await state.reserve("c", [budget], cost(0.2), 30_000, t0 + 30_300)).status, "reserved");
      assert.equal(await state.settle("a", cost(0.5), t0 + 30_300), "unknown", "expired");
      assert.equal(await state.settle("c", cost(0.1), t0 + 30_300), "settled");
      assert.equal(await state.settle("c", cost(0.1), t0 + 30_301), "already_settled");
      const read = await state.read([budget], t0 + 30_400);
      assert.deepEqual(read.status === "ok" && read.usages[0], {
        spentNanos: 0.1 * DOLLAR,
        reservedNanos: 0,
        requests: 1,
        tokens: 0,
      });
    });

    test("a reservation holds money in every budget the call falls under; warn budgets never refuse", async () => {
      const project = check(1);
      const agent = check(0.05);
      const measured = check(0.01, { enforce: false });
      const all = [project, agent, measured];
      await Promise.all(all.map((budget) => seed(budget)));
      const now = Date.now();
      const cost = (usd: number) => ({ costNanos: Math.round(usd * DOLLAR), tokens: 0 });
      assert.equal((await state.reserve("x1", all, cost(0.04), 60_000, now)).status, "reserved");
      const second = await state.reserve("x2", all, cost(0.02), 60_000, now);
      assert.equal(second.status === "refused" && second.refusedBy, 1);
      assert.equal(second.status === "refused" && second.usages[2]?.reservedNanos, 0.04 * DOLLAR);
      await state.settle("x1", cost(0.01), now);
      assert.equal((await state.reserve("x3", all, cost(0.02), 60_000, now)).status, "reserved");
      const read = await state.read(all, now);
      assert.deepEqual(
        read.status === "ok" && read.usages.map((usage) => [usage.spentNanos, usage.reservedNanos]),
        [
          [0.01 * DOLLAR, 0.02 * DOLLAR],
          [0.01 * DOLLAR, 0.02 * DOLLAR],
          [0.01 * DOLLAR, 0.02 * DOLLAR],
        ],
      );
    });

    test("request and token limits refuse the call that would pass them", async () => {
      const requests = check(100, { limitRequests: 2 });
      const tokens = check(100, { limitTokens: 1_000 });
      await Promise.all([seed(requests), seed(tokens)]);
      const now = Date.now();
      const small = { costNanos: 1, tokens: 400 };
      for (const id of ["q1", "q2"]) {
        assert.equal((await state.reserve(id, [requests], small, 60_000, now)).status, "reserved");
        await state.settle(id, small, now);
      }
      assert.equal((await state.reserve("q3", [requests], small, 60_000, now)).status, "refused");
      await state.record([tokens.writeKey], { costNanos: 1, tokens: 700 }, now);
      assert.equal(
        (await state.reserve("t1", [tokens], { costNanos: 1, tokens: 300 }, 60_000, now)).status,
        "reserved",
      );
      assert.equal(
        (await state.reserve("t2", [tokens], { costNanos: 1, tokens: 301 }, 60_000, now)).status,
        "refused",
      );
    });

    test("record adds to loaded counters only; a rolling window sums its hourly counters", async () => {
      const hours = [`t/${randomUUID()}`, `t/${randomUUID()}`, `t/${randomUUID()}`];
      const rolling = check(1, { readKeys: hours, writeKey: hours[2]! });
      const now = Date.now();
      await state.record([hours[0]!], { costNanos: 123, tokens: 1 }, now);
      await state.seed(hours[0]!, { spentNanos: 100, requests: 1, tokens: 0 }, now + 60_000);
      await state.seed(hours[1]!, { spentNanos: 20, requests: 1, tokens: 0 }, now + 60_000);
      assert.deepEqual(await state.read([rolling], now), { status: "unseeded", keys: [hours[2]] });
      await state.seed(hours[2]!, ZERO, now + 60_000);
      await state.record([hours[2]!], { costNanos: 3, tokens: 5, requests: 2 }, now);
      const read = await state.read([rolling], now);
      assert.deepEqual(read.status === "ok" && read.usages[0], {
        spentNanos: 123,
        reservedNanos: 0,
        requests: 4,
        tokens: 5,
      });
    });
  });
}
