import assert from "node:assert/strict";
import { test } from "node:test";
import { budgetCounters } from "./budget-counters.js";

const HOUR = 3_600_000;

test("a daily window in Paris has one counter per local day, reset at local midnight", () => {
  const scope = {};
  const window = { kind: "daily" as const, timeZone: "Europe/Paris" };
  const before = budgetCounters("p", "b", { scope, window }, Date.parse("2026-11-23T22:59:59.999Z"));
  const after = budgetCounters("p", "b", { scope, window }, Date.parse("2026-11-23T23:00:00Z"));
  assert.equal(before.windowStart, Date.parse("2026-11-22T23:00:00Z"));
  assert.equal(before.resetsAt, Date.parse("2026-11-23T23:00:00Z"));
  assert.notEqual(before.writeKey, after.writeKey);
  assert.deepEqual(after.readKeys, [after.writeKey]);
});

test("a rolling window of N hours reads N + 1 hourly counters and writes the newest", () => {
  const at = Date.parse("2026-11-23T10:30:00Z");
  const counters = budgetCounters("p", "b", { scope: {}, window: { kind: "rolling", hours: 3 } }, at);
  assert.equal(counters.readKeys.length, 4);
  assert.equal(counters.starts[0], Date.parse("2026-11-23T07:00:00Z"));
  assert.equal(counters.starts.at(-1), Date.parse("2026-11-23T10:00:00Z"));
  assert.equal(counters.writeKey, counters.readKeys[3]);
  assert.equal(counters.expiresAt, Date.parse("2026-11-23T14:00:00Z"));
  const nextHour = budgetCounters("p", "b", { scope: {}, window: { kind: "rolling", hours: 3 } }, at + HOUR);
  assert.deepEqual(nextHour.readKeys.slice(0, 3), counters.readKeys.slice(1));
});

test("editing a budget's scope or window starts new counters; projects never share one", () => {
  const window = { kind: "monthly" as const, timeZone: "UTC" };
  const at = Date.parse("2026-11-23T10:30:00Z");
  const plain = budgetCounters("p", "b", { scope: {}, window }, at).writeKey;
  assert.notEqual(plain, budgetCounters("p", "b", { scope: { agentId: "x" }, window }, at).writeKey);
  assert.notEqual(plain, budgetCounters("q", "b", { scope: {}, window }, at).writeKey);
  assert.equal(plain, budgetCounters("p", "b", { scope: {}, window }, at + HOUR).writeKey);
  const lifetime = budgetCounters("p", "b", { scope: {}, window: { kind: "lifetime" } }, at);
  assert.equal(lifetime.expiresAt, Number.POSITIVE_INFINITY);
});
