import { CliError } from "./cli-error.js";

/** A time flag: a date (UTC midnight), an ISO 8601 date-time or epoch milliseconds. Exit 2 naming the flag otherwise. */
export function parseTime(value: string, flag: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(parsed))
    throw new CliError(
      `${flag} must be a date (YYYY-MM-DD), an ISO 8601 date-time or epoch milliseconds, got "${value}"`,
    );
  return parsed;
}
