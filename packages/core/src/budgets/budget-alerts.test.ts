import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  alertKey,
  alertSlackBody,
  alertWebhookBody,
  newThresholdAlerts,
  signWebhook,
} from "./budget-alerts.js";

const budget = {
  id: "daily",
  name: "Daily",
  projectId: "acme",
  policy: { limitUsd: 10, alertThresholds: [0.5, 0.8, 1] },
};
const DOLLAR = 1_000_000_000;

test("each threshold fires once per window; a new window starts over", () => {
  const fired = new Set<string>();
  const first = newThresholdAlerts(budget, 0, 8.5 * DOLLAR, fired, 1);
  assert.deepEqual(
    first.map((alert) => alert.threshold),
    [0.5, 0.8],
  );
  for (const alert of first) fired.add(alertKey(alert));
  assert.deepEqual(newThresholdAlerts(budget, 0, 9 * DOLLAR, fired, 2), []);
  assert.deepEqual(
    newThresholdAlerts(budget, 0, 10 * DOLLAR, fired, 3).map((alert) => alert.threshold),
    [1],
  );
  assert.equal(newThresholdAlerts(budget, 86_400_000, 5 * DOLLAR, fired, 4).length, 1);
});

test("webhook bodies: generic JSON and Slack-compatible text", () => {
  const [alert] = newThresholdAlerts(
    budget,
    Date.UTC(2026, 10, 23),
    8 * DOLLAR,
    new Set(),
    Date.UTC(2026, 10, 23, 15),
  );
  assert.deepEqual(alertWebhookBody(alert!), {
    type: "budget.threshold_reached",
    projectId: "acme",
    budget: { id: "daily", name: "Daily", limitUsd: 10 },
    threshold: 0.5,
    spentUsd: 8,
    windowStart: "2026-11-23T00:00:00.000Z",
    at: "2026-11-23T15:00:00.000Z",
  });
  assert.equal(
    alertSlackBody(alert!).text,
    ':warning: burnrate: budget "Daily" of project acme reached 50% ($8.00 of $10.00).',
  );
});

test("the signature is HMAC-SHA-256 of timestamp.body, checkable with node:crypto", async () => {
  const body = JSON.stringify({ hello: "world" });
  const header = await signWebhook("whsec_test", body, 1_700_000_000_123);
  const expected = createHmac("sha256", "whsec_test").update(`1700000000.${body}`).digest("hex");
  assert.equal(header, `t=1700000000,v1=${expected}`);
});
