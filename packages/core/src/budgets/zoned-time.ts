/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl (pure: Node, Workers, browsers).
 * An instant is epoch milliseconds; a local date is the wall-clock date in the zone.
 */
export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the zone is one Intl knows ("UTC", "Europe/Paris"…). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock at an instant in a zone. */
export function wallClock(at: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at an instant, in ms (Paris in winter: +3,600,000). */
export function offsetAt(at: number, timeZone: string): number {
  const clock = wallClock(at, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

const compare = (a: LocalDate, b: LocalDate) => a.year - b.year || a.month - b.month || a.day - b.day;

/**
 * The first instant of a local date in a zone: local midnight, or, where the clocks skip
 * midnight (a DST change at 00:00), the instant the day begins.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  let guess = naive - offsetAt(naive, timeZone);
  guess = naive - offsetAt(guess, timeZone);
  const clock = wallClock(guess, timeZone);
  if (clock.hour === 0 && clock.minute === 0 && clock.second === 0 && compare(clock, date) === 0)
    return guess;
  // Midnight was skipped: find the first second whose local date is the date (offsets stay within ±14 h).
  let low = Math.floor((naive - 15 * 3_600_000) / 1000);
  let high = Math.ceil((naive + 15 * 3_600_000) / 1000);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (compare(localDateOf(middle * 1000, timeZone), date) >= 0) high = middle;
    else low = middle + 1;
  }
  return low * 1000;
}

/** The local date of an instant in a zone. */
export function localDateOf(at: number, timeZone: string): LocalDate {
  const { year, month, day } = wallClock(at, timeZone);
  return { year, month, day };
}

/** A local date moved by whole days or months (day clamped to the month's length for months). */
export function addLocal(date: LocalDate, amount: { days?: number; months?: number }): LocalDate {
  if (amount.months !== undefined) {
    const index = date.year * 12 + (date.month - 1) + amount.months;
    return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
  }
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + (amount.days ?? 0)));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}
