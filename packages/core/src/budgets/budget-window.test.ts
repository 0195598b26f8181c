import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { windowAt } from "./budget-window.js";

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
const bounds = (window: Parameters<typeof windowAt>[0], at: string) => {
  const found = windowAt(window, Date.parse(at));
  return [iso(found.start), iso(found.resetsAt)];
};

describe("budget windows", () => {
  test("a daily window in Europe/Paris runs from local midnight to local midnight", () => {
    const paris = { kind: "daily", timeZone: "Europe/Paris" } as const;
    // Winter (UTC+1): 2026-11-23 local runs 2026-11-22T23:00Z → 2026-11-23T23:00Z
    assert.deepEqual(bounds(paris, "2026-11-23T12:00:00Z"), [
      "2026-11-22T23:00:00.000Z",
      "2026-11-23T23:00:00.000Z",
    ]);
    // One millisecond before and at local midnight: the window rolls over exactly then.
    assert.deepEqual(bounds(paris, "2026-11-23T22:59:59.999Z")[1], "2026-11-23T23:00:00.000Z");
    assert.deepEqual(bounds(paris, "2026-11-23T23:00:00.000Z")[0], "2026-11-23T23:00:00.000Z");
    // Summer (UTC+2)
    assert.deepEqual(bounds(paris, "2026-07-01T21:59:59Z"), [
      "2026-06-30T22:00:00.000Z",
      "2026-07-01T22:00:00.000Z",
    ]);
  });

  test("days with a DST change are 23 or 25 hours long", () => {
    const newYork = { kind: "daily", timeZone: "America/New_York" } as const;
    // 2026-03-08: clocks spring forward at 02:00 EST → 23-hour day
    const [springStart, springEnd] = bounds(newYork, "2026-03-08T12:00:00Z");
    assert.deepEqual([springStart, springEnd], ["2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"]);
    // 2026-11-01: clocks fall back at 02:00 EDT → 25-hour day
    assert.deepEqual(bounds(newYork, "2026-11-01T12:00:00Z"), [
      "2026-11-01T04:00:00.000Z",
      "2026-11-02T05:00:00.000Z",
    ]);
  });

  test("a monthly window in Asia/Kolkata starts at local midnight on the 1st (18:30 UTC the day before)", () => {
    const kolkata = { kind: "monthly", timeZone: "Asia/Kolkata" } as const;
    assert.deepEqual(bounds(kolkata, "2026-11-30T18:29:59Z"), [
      "2026-10-31T18:30:00.000Z",
      "2026-11-30T18:30:00.000Z",
    ]);
    assert.deepEqual(bounds(kolkata, "2026-11-30T18:30:00Z"), [
      "2026-11-30T18:30:00.000Z",
      "2026-12-31T18:30:00.000Z",
    ]);
    // December → January crosses the year
    assert.deepEqual(bounds({ kind: "monthly", timeZone: "UTC" }, "2026-12-15T00:00:00Z"), [
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
  });

  test("where midnight does not exist the day starts when the clocks jump", () => {
    // America/Santiago springs forward at 24:00 → 01:00 (2026-09-06): the day begins at 04:00Z
    const santiago = { kind: "daily", timeZone: "America/Santiago" } as const;
    const [start] = bounds(santiago, "2026-09-06T15:00:00Z");
    assert.equal(start, "2026-09-06T04:00:00.000Z");
  });

  test("rolling and lifetime windows", () => {
    const at = Date.parse("2026-11-23T12:00:00Z");
    assert.deepEqual(windowAt({ kind: "rolling", hours: 24 }, at), { start: at - 86_400_000 });
    assert.equal(windowAt({ kind: "lifetime" }, at).start, Number.NEGATIVE_INFINITY);
  });
});
