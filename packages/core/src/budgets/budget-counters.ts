import { contentHash } from "../pricing/content-hash.js";
import type { BudgetPolicy } from "./budget-policy.js";
import { windowAt } from "./budget-window.js";

const HOUR_MS = 3_600_000;

/**
 * Where a budget's usage is counted at one instant. Calendar and lifetime windows have one counter
 * per window, so a new window starts at zero without a reset job. A rolling window of N hours is
 * N + 1 hourly counters: the oldest is counted whole, so a rolling budget errs on the side of
 * stopping (it may count up to an hour of spend older than N hours, never less than N hours).
 */
export interface BudgetCounters {
  /** Start of what is counted, epoch ms (the oldest hour for rolling windows; -Infinity for lifetime). */
  windowStart: number;
  /** When the window resets (calendar windows only). */
  resetsAt?: number;
  /** The counters whose sum is the window's usage, oldest first. */
  readKeys: string[];
  /** The counter a call at this instant adds to and reserves in (the last of readKeys). */
  writeKey: string;
  /** Start of each read counter, epoch ms: the ledger range each is rebuilt from. */
  starts: number[];
  /** When the write counter can be forgotten: its window (or hour) is over and no longer counted. */
  expiresAt: number;
}

/**
 * The counters of a budget at `at`. Keys name the project, the budget and a fingerprint of its
 * scope and window, so editing either starts fresh counters (rebuilt from the ledger) instead of
 * reusing ones that counted something else.
 */
export function budgetCounters(
  projectId: string,
  budgetId: string,
  policy: Pick<BudgetPolicy, "scope" | "window">,
  at: number,
): BudgetCounters {
  const base = `${projectId}/${budgetId}/${contentHash([policy.scope, policy.window])}`;
  const window = policy.window;
  if (window.kind === "rolling") {
    const newest = at - (at % HOUR_MS);
    const starts = Array.from(
      { length: window.hours + 1 },
      (_, index) => newest - (window.hours - index) * HOUR_MS,
    );
    const readKeys = starts.map((start) => `${base}@h${start}`);
    return {
      windowStart: starts[0]!,
      readKeys,
      writeKey: readKeys.at(-1)!,
      starts,
      expiresAt: newest + (window.hours + 1) * HOUR_MS,
    };
  }
  if (window.kind === "lifetime") {
    const key = `${base}@all`;
    return {
      windowStart: Number.NEGATIVE_INFINITY,
      readKeys: [key],
      writeKey: key,
      starts: [Number.NEGATIVE_INFINITY],
      expiresAt: Number.POSITIVE_INFINITY,
    };
  }
  const bounds = windowAt(window, at);
  const key = `${base}@${bounds.start}`;
  return {
    windowStart: bounds.start,
    ...(bounds.resetsAt === undefined ? {} : { resetsAt: bounds.resetsAt }),
    readKeys: [key],
    writeKey: key,
    starts: [bounds.start],
    expiresAt: bounds.resetsAt ?? Number.POSITIVE_INFINITY,
  };
}
