import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkBudget } from "./budget-guard.js";
import { createCalendarWindows } from "./calendar-windows.js";
import { createLocalSpend } from "./local-spend.js";

const at = (iso: string) => Date.parse(iso);
const DOLLAR = 1e9;

describe("local spend in calendar windows", () => {
  test("UTC: the day rolls at 00:00:00.000Z and the month on the 1st", () => {
    const spend = createLocalSpend(createCalendarWindows());
    spend.add(2 * DOLLAR, at("2026-03-31T23:59:59.999Z"));
    assert.deepEqual(spend.spentAt(at("2026-03-31T23:59:59.999Z")), { dailyNanos: 2e9, monthlyNanos: 2e9 });
    assert.deepEqual(spend.spentAt(at("2026-04-01T00:00:00.000Z")), { dailyNanos: 0, monthlyNanos: 0 });
    spend.add(1 * DOLLAR, at("2026-04-01T00:00:00.000Z"));
    spend.add(1 * DOLLAR, at("2026-04-02T12:00:00.000Z"));
    assert.deepEqual(spend.spentAt(at("2026-04-02T12:00:00.000Z")), { dailyNanos: 1e9, monthlyNanos: 2e9 });
  });

  test("a cost quoted after its day closed counts for the month only", () => {
    const spend = createLocalSpend(createCalendarWindows());
    spend.spentAt(at("2026-04-02T00:00:01.000Z"));
    spend.add(3 * DOLLAR, at("2026-04-01T23:59:59.000Z"));
    assert.deepEqual(spend.spentAt(at("2026-04-02T00:00:02.000Z")), { dailyNanos: 0, monthlyNanos: 3e9 });
  });

  test("a timeZone moves the instant: New York's day rolls at 04:00Z in summer, 05:00Z in winter", () => {
    const spend = createLocalSpend(createCalendarWindows("America/New_York"));
    spend.add(DOLLAR, at("2026-07-15T03:59:59.999Z"));
    assert.equal(spend.spentAt(at("2026-07-15T03:59:59.999Z")).dailyNanos, 1e9);
    assert.equal(spend.spentAt(at("2026-07-15T04:00:00.000Z")).dailyNanos, 0);
    spend.add(DOLLAR, at("2026-12-01T04:59:59.999Z"));
    assert.equal(spend.spentAt(at("2026-12-01T04:59:59.999Z")).monthlyNanos, 1e9);
    assert.equal(spend.spentAt(at("2026-12-01T05:00:00.000Z")).monthlyNanos, 0);
  });

  test("money is summed in integer nanos: 0.1 + 0.2 reaches a 0.3 limit exactly", () => {
    const spend = createLocalSpend(createCalendarWindows());
    const now = at("2026-05-05T10:00:00Z");
    spend.add(0.1 * DOLLAR, now);
    spend.add(0.2 * DOLLAR, now);
    assert.deepEqual(checkBudget({ dailyLimitNanos: 0.3 * DOLLAR }, spend, {}, now), {
      limit: "daily",
      limitUsd: 0.3,
      spentUsd: 0.3,
    });
  });

  test("the larger of local and server spend counts; the server can say its own budget is exhausted", () => {
    const spend = createLocalSpend(createCalendarWindows());
    const now = at("2026-05-05T10:00:00Z");
    const limits = { dailyLimitNanos: 5 * DOLLAR, monthlyLimitNanos: 100 * DOLLAR };
    assert.equal(checkBudget(limits, spend, { dailyNanos: 4 * DOLLAR }, now), undefined);
    assert.equal(checkBudget(limits, spend, { dailyNanos: 5 * DOLLAR }, now)?.limit, "daily");
    assert.equal(checkBudget(limits, spend, { monthlyNanos: 120 * DOLLAR }, now)?.limit, "monthly");
    assert.equal(checkBudget({}, spend, { exceeded: true }, now)?.limit, "server");
  });
});
