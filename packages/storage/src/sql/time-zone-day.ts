import { isTimeZone, localDateOf, wallClock } from "@burnrate/core";

/** Throws RangeError naming the zone when it is not an IANA time zone. */
export function checkTimeZone(timeZone: string): void {
  if (!isTimeZone(timeZone)) throw new RangeError(`not an IANA time zone: ${timeZone}`);
}

const pad = (value: number) => String(value).padStart(2, "0");

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone (UTC when absent). */
export function localDay(at: number, timeZone?: string): string {
  if (timeZone === undefined || timeZone === "UTC") return new Date(at).toISOString().slice(0, 10);
  const { year, month, day } = localDateOf(at, timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Whether the zone's offset is a whole number of hours throughout [from, to), checked at every
 * hour: then local midnights fall on UTC hour boundaries and hourly rollups can be folded into days.
 */
export function wholeHourOffsets(timeZone: string | undefined, from: number, to: number): boolean {
  if (timeZone === undefined || timeZone === "UTC") return true;
  const step = 3_600_000;
  for (let at = Math.floor(from / step) * step; at < to; at += step)
    if (wallClock(at, timeZone).minute !== 0) return false;
  return true;
}
