import type { CalendarWindows } from "./calendar-windows.js";

export interface WindowSpend {
  dailyNanos: number;
  monthlyNanos: number;
}

export interface LocalSpend {
  /** Adds a call's cost to the windows of the instant the call started. */
  add(costNanos: number, atMs: number): void;
  spentAt(nowMs: number): WindowSpend;
}

/**
 * What this process spent in the current day and month, in integer nano-dollars (never summed
 * floats). A cost that arrives after its window closed counts for no current window.
 */
export function createLocalSpend(windows: CalendarWindows): LocalSpend {
  let day = "";
  let month = "";
  let dailyNanos = 0;
  let monthlyNanos = 0;
  const roll = (nowMs: number) => {
    const keys = windows(nowMs);
    if (keys.day > day) [day, dailyNanos] = [keys.day, 0];
    if (keys.month > month) [month, monthlyNanos] = [keys.month, 0];
  };
  return {
    add(costNanos, atMs) {
      if (!Number.isFinite(costNanos) || costNanos <= 0) return;
      const keys = windows(atMs);
      roll(atMs);
      if (keys.day === day) dailyNanos += Math.round(costNanos);
      if (keys.month === month) monthlyNanos += Math.round(costNanos);
    },
    spentAt(nowMs) {
      roll(nowMs);
      return { dailyNanos, monthlyNanos };
    },
  };
}
