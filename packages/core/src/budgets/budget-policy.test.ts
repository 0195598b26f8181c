import assert from "node:assert/strict";
import { test } from "node:test";
import { budgetPolicySchema, budgetStanding, matchesScope, seedBudgetPolicies } from "./budget-policy.js";

test("a policy is validated with defaults; bad fields are named", () => {
  const parsed = budgetPolicySchema.parse({
    window: { kind: "daily" },
    limitUsd: 10,
    action: "block",
    alertThresholds: [1, 0.5, 0.5],
  });
  assert.deepEqual(parsed.window, { kind: "daily", timeZone: "UTC" });
  assert.deepEqual(parsed.alertThresholds, [0.5, 1]);
  assert.deepEqual(parsed.scope, {});
  const bad = budgetPolicySchema.safeParse({
    window: { kind: "daily", timeZone: "Mars/Olympus" },
    limitUsd: 0,
    action: "stop",
  });
  assert.equal(bad.success, false);
  const paths = bad.error!.issues.map((issue) => issue.path.join("."));
  assert.deepEqual(paths.sort(), ["action", "limitUsd", "window.timeZone"]);
});

test("scopes combine: every given field must match", () => {
  const scope = { agentId: "support", environment: "production" };
  assert.equal(matchesScope(scope, { agentId: "support", environment: "production", model: "gpt-4o" }), true);
  assert.equal(matchesScope(scope, { agentId: "support", environment: "staging" }), false);
  assert.equal(matchesScope({}, { agentId: "anything" }), true);
});

test("the seed's PUT /v1/budget shape becomes a daily and a monthly project budget", () => {
  const policies = seedBudgetPolicies({ dailyLimitUsd: 100, monthlyLimitUsd: 2500, action: "block" });
  assert.deepEqual(
    policies.map((policy) => [policy.name, policy.window.kind, policy.limitUsd, policy.action]),
    [
      ["daily", "daily", 100, "block"],
      ["monthly", "monthly", 2500, "block"],
    ],
  );
});

test("standing: thresholds reached and the state, reservations included", () => {
  const policy = { limitUsd: 1, alertThresholds: [0.5, 0.8, 1] };
  // $1 = 1e9 nanos
  assert.deepEqual(budgetStanding(policy, 490_000_000), {
    state: "ok",
    reached: [],
    remainingNanos: 510_000_000,
  });
  assert.deepEqual(budgetStanding(policy, 500_000_000, 300_000_000).reached, [0.5, 0.8]);
  assert.equal(budgetStanding(policy, 700_000_000, 300_000_000).state, "exceeded");
  assert.equal(budgetStanding(policy, 999_999_999).state, "warning");
  assert.equal(budgetStanding(policy, 1_200_000_000).remainingNanos, 0);
});
