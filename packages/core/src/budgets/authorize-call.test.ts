import assert from "node:assert/strict";
import { test } from "node:test";
import { type ApplicableBudget, authorizeCall } from "./authorize-call.js";

const CENT = 10_000_000; // $0.01 in nanos
const budget = (
  id: string,
  limitUsd: number,
  spentNanos: number,
  action: "block" | "warn" | "log" = "block",
  extra: Partial<ApplicableBudget> = {},
): ApplicableBudget => ({
  id,
  policy: { limitUsd, action },
  usage: { spentNanos, reservedNanos: 0, requests: 0 },
  ...extra,
});

test("a call whose worst case fits under every block budget is allowed", () => {
  assert.deepEqual(authorizeCall([budget("daily", 1, 98 * CENT)], 2 * CENT), { allowed: true, crossed: [] });
});

test("a call that would cross a block budget is refused before it runs, reservations counted", () => {
  const inFlight = budget("daily", 1, 90 * CENT, "block", {
    usage: { spentNanos: 90 * CENT, reservedNanos: 9 * CENT, requests: 3 },
  });
  const decision = authorizeCall([inFlight], 2 * CENT);
  assert.equal(decision.allowed, false);
  assert.deepEqual(!decision.allowed && decision.blockedBy, {
    budgetId: "daily",
    action: "block",
    reason: "limit_usd",
    projectedNanos: 101 * CENT,
    limitNanos: 100 * CENT,
  });
});

test("warn and log budgets let the call through and say which were crossed", () => {
  const decision = authorizeCall(
    [budget("soft", 1, 99 * CENT, "warn"), budget("audit", 1, 100 * CENT, "log")],
    2 * CENT,
  );
  assert.equal(decision.allowed, true);
  assert.deepEqual(
    decision.crossed.map((verdict) => [verdict.budgetId, verdict.action]),
    [
      ["soft", "warn"],
      ["audit", "log"],
    ],
  );
});

test("a kill flag refuses every call; a request limit counts this call", () => {
  assert.equal(authorizeCall([budget("agent", 100, 0, "log", { killed: true })], 0).allowed, false);
  const requests = budget("calls", 100, 0, "block", {
    policy: { limitUsd: 100, limitRequests: 3, action: "block" },
    usage: { spentNanos: 0, reservedNanos: 0, requests: 3 },
  });
  const decision = authorizeCall([requests], 1);
  assert.equal(!decision.allowed && decision.blockedBy.reason, "limit_requests");
});

test("a token limit refuses the call whose worst-case tokens would cross it", () => {
  const capped = budget("tokens", 100, 0, "block", {
    policy: { limitUsd: 100, limitTokens: 10_000, action: "block" },
    usage: { spentNanos: 0, reservedNanos: 0, requests: 5, tokens: 9_000 },
  });
  assert.equal(authorizeCall([capped], CENT, 1_000).allowed, true);
  const decision = authorizeCall([capped], CENT, 1_001);
  assert.equal(!decision.allowed && decision.blockedBy.reason, "limit_tokens");
});
