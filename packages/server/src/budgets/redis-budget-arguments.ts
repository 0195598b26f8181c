import type { CounterCheck, CounterUsage, ReadOutcome, ReserveOutcome } from "./budget-state.js";

/**
 * How RedisBudgetState's calls and the scripts' replies cross to Lua (redis-budget-scripts.ts):
 * flat string arguments, flat integer replies.
 */

/**
 * An amount added to a counter: a non-negative safe integer, as its decimal digits. HINCRBY takes
 * integers only and Lua is exact only below 2^53, so anything else is the caller's bug, said here.
 */
export function amountArgument(name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  return String(value);
}

/** A limit or an instant for Lua's tonumber: '' when there is none (undefined or infinite). */
export function optionalNumberArgument(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "" : String(value);
}

/** The checks as parseChecks reads them: their count, then each check's keys, limits and enforce. */
export function checksArguments(checks: readonly CounterCheck[]): string[] {
  const args = [String(checks.length)];
  for (const check of checks)
    args.push(
      String(check.readKeys.length),
      ...check.readKeys,
      check.writeKey,
      optionalNumberArgument(check.limitNanos),
      optionalNumberArgument(check.limitRequests),
      optionalNumberArgument(check.limitTokens),
      check.enforce ? "1" : "0",
    );
  return args;
}

/** A reply of the reserve and read scripts: {0, missing}, {1, refusedBy, usages} or {2, usages}. */
export type UsageReply = [0, string[]] | [1, number, number[]] | [2, number[]];

function usagesOf(flat: readonly number[]): CounterUsage[] {
  return Array.from({ length: flat.length / 4 }, (_, index) => ({
    spentNanos: flat[index * 4]!,
    reservedNanos: flat[index * 4 + 1]!,
    requests: flat[index * 4 + 2]!,
    tokens: flat[index * 4 + 3]!,
  }));
}

export function reserveOutcome(reply: UsageReply): ReserveOutcome {
  if (reply[0] === 0) return { status: "unseeded", keys: reply[1] };
  if (reply[0] === 1) return { status: "refused", usages: usagesOf(reply[2]), refusedBy: reply[1] };
  return { status: "reserved", usages: usagesOf(reply[1]) };
}

export function readOutcome(reply: UsageReply): ReadOutcome {
  if (reply[0] === 0) return { status: "unseeded", keys: reply[1] };
  if (reply[0] === 1) throw new Error("the read script answered refused");
  return { status: "ok", usages: usagesOf(reply[1]) };
}
