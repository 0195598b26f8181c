const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parts(at: number, timeZone: string) {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) fields[part.type] = part.value;
  return fields;
}

/** Throws RangeError naming the zone when it is not an IANA time zone. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone (UTC when absent). */
export function localDay(at: number, timeZone?: string): string {
  if (timeZone === undefined || timeZone === "UTC") return new Date(at).toISOString().slice(0, 10);
  const { year, month, day } = parts(at, timeZone);
  return `${year}-${month}-${day}`;
}

/**
 * Whether the zone's offset is a whole number of hours throughout [from, to), checked at every
 * hour: then local midnights fall on UTC hour boundaries and hourly rollups can be folded into days.
 */
export function wholeHourOffsets(timeZone: string | undefined, from: number, to: number): boolean {
  if (timeZone === undefined || timeZone === "UTC") return true;
  const step = 3_600_000;
  for (let at = Math.floor(from / step) * step; at < to; at += step)
    if (parts(at, timeZone).minute !== "00") return false;
  return true;
}
