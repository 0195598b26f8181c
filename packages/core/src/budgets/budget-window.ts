import { addLocal, localDateOf, startOfLocalDay } from "./zoned-time.js";

/**
 * When a budget's spend resets: a calendar day or month in a time zone, a rolling span of hours
 * or days ending now, or never (lifetime).
 */
export type BudgetWindow =
  | { kind: "daily"; timeZone: string }
  | { kind: "monthly"; timeZone: string }
  | { kind: "rolling"; hours: number }
  | { kind: "lifetime" };

export interface WindowBounds {
  /** Inclusive, epoch ms. */
  start: number;
  /** Exclusive, epoch ms: when a calendar window resets. Undefined for rolling and lifetime windows. */
  resetsAt?: number;
}

const HOUR_MS = 3_600_000;

/**
 * The window in force at `at`. Calendar windows follow the zone's wall clock, so a daily budget in
 * Europe/Paris resets at local midnight, 23:00 UTC in winter and 22:00 UTC in summer, and a day
 * with a DST change is 23 or 25 hours long.
 */
export function windowAt(window: BudgetWindow, at: number): WindowBounds {
  switch (window.kind) {
    case "daily": {
      const today = localDateOf(at, window.timeZone);
      return {
        start: startOfLocalDay(today, window.timeZone),
        resetsAt: startOfLocalDay(addLocal(today, { days: 1 }), window.timeZone),
      };
    }
    case "monthly": {
      const first = { ...localDateOf(at, window.timeZone), day: 1 };
      return {
        start: startOfLocalDay(first, window.timeZone),
        resetsAt: startOfLocalDay(addLocal(first, { months: 1 }), window.timeZone),
      };
    }
    case "rolling":
      return { start: at - window.hours * HOUR_MS };
    case "lifetime":
      return { start: Number.NEGATIVE_INFINITY };
  }
}
