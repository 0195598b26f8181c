/** The calendar day and month an instant falls in, as sortable keys ("2026-03-31", "2026-03"). */
export interface WindowKeys {
  day: string;
  month: string;
}

export type CalendarWindows = (atMs: number) => WindowKeys;

const MINUTE_MS = 60_000;

function utcKeys(atMs: number): WindowKeys {
  const day = new Date(atMs).toISOString().slice(0, 10);
  return { day, month: day.slice(0, 7) };
}

/**
 * Daily and monthly windows in UTC, or in an IANA `timeZone`. Every zone's offset is a whole number
 * of minutes, so a key can change only on a minute boundary: keys are cached per minute and the
 * call path formats a date at most once a minute.
 */
export function createCalendarWindows(timeZone?: string): CalendarWindows {
  let compute = utcKeys;
  if (timeZone !== undefined && timeZone.toUpperCase() !== "UTC") {
    const format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    compute = (atMs) => {
      const parts: Record<string, string> = {};
      for (const part of format.formatToParts(atMs)) parts[part.type] = part.value;
      const month = `${parts.year}-${parts.month}`;
      return { day: `${month}-${parts.day}`, month };
    };
  }
  let cachedMinute = Number.NaN;
  let cached: WindowKeys = { day: "", month: "" };
  return (atMs) => {
    const minute = Math.floor(atMs / MINUTE_MS);
    if (minute !== cachedMinute) {
      cached = compute(atMs);
      cachedMinute = minute;
    }
    return cached;
  };
}
