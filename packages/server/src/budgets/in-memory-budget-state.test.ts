import assert from "node:assert/strict";
import { test } from "node:test";
import { InMemoryBudgetState } from "./in-memory-budget-state.js";

const DOLLAR = 1_000_000_000;
const block = { id: "daily", policy: { limitUsd: 1, action: "block" as const }, windowStart: 0 };

/** Yields to the event loop a few times: the calls' settlements interleave like real I/O. */
async function turns(count: number) {
  for (let index = 0; index < count; index += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

test("200 concurrent calls of up to $0.02 against a $1 block budget: spend never passes $1", async () => {
  const state = new InMemoryBudgetState();
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let allowed = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: 200 }, async () => {
      await turns(Math.floor(random() * 5));
      const worstCase = 0.02 * DOLLAR;
      const { authorization, reservation } = state.reserve([block], worstCase, 60_000, 1_000);
      if (!authorization.allowed) {
        refused += 1;
        return;
      }
      allowed += 1;
      await turns(1 + Math.floor(random() * 10));
      // The real cost is at most the worst case the call reserved.
      state.settle(reservation!.id, Math.round(worstCase * (0.5 + random() / 2)));
    }),
  );
  const usage = state.usage(block, 1_000);
  const overshoot = Math.max(0, usage.spentNanos - DOLLAR);
  console.log(
    `# 200 calls: ${allowed} allowed, ${refused} refused, spent $${usage.spentNanos / DOLLAR}, overshoot $${overshoot / DOLLAR}`,
  );
  assert.equal(usage.reservedNanos, 0);
  assert.ok(usage.spentNanos <= DOLLAR, `spent ${usage.spentNanos}`);
  assert.equal(overshoot, 0);
  assert.ok(refused > 0 && allowed >= 50, "the budget ran out and stopped calls");
  assert.equal(usage.requests, allowed);
});

test("an unsettled reservation expires and frees the budget; a new window starts at zero", () => {
  const state = new InMemoryBudgetState();
  const { reservation } = state.reserve([block], 0.9 * DOLLAR, 30_000, 0);
  assert.ok(reservation);
  assert.equal(state.reserve([block], 0.2 * DOLLAR, 30_000, 29_999).authorization.allowed, false);
  assert.equal(state.reserve([block], 0.2 * DOLLAR, 30_000, 30_000).authorization.allowed, true);
  assert.equal(state.settle(reservation.id, 1), false, "an expired reservation cannot be settled");
  assert.equal(state.usage({ ...block, windowStart: 86_400_000 }, 30_000).spentNanos, 0);
});

test("a reservation holds money in every budget the call falls under", () => {
  const state = new InMemoryBudgetState();
  const agent = { id: "agent", policy: { limitUsd: 0.05, action: "block" as const }, windowStart: 0 };
  const first = state.reserve([block, agent], 0.04 * DOLLAR, 60_000, 0);
  assert.equal(first.authorization.allowed, true);
  const second = state.reserve([block, agent], 0.02 * DOLLAR, 60_000, 0);
  assert.equal(!second.authorization.allowed && second.authorization.blockedBy.budgetId, "agent");
  state.settle(first.reservation!.id, 0.01 * DOLLAR);
  assert.deepEqual(state.usage(block, 0), { spentNanos: 0.01 * DOLLAR, reservedNanos: 0, requests: 1 });
  assert.equal(state.reserve([block, agent], 0.02 * DOLLAR, 60_000, 0).authorization.allowed, true);
});
