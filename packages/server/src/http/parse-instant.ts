import { validationError } from "./http-error.js";

/** A query-string instant (ISO 8601 or epoch ms) as epoch ms; `fallback` when absent; a 400 naming `field` when unreadable. */
export function parseInstant<T extends number | undefined>(
  value: string | undefined,
  field: string,
  fallback: T,
): number | T {
  if (value === undefined || value === "") return fallback;
  const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(at))
    throw validationError(
      [{ field, message: "must be an ISO 8601 date-time or epoch milliseconds" }],
      "query",
    );
  return at;
}
