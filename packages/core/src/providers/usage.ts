/**
 * The one usage shape every provider reader converts to (burnrate's canonical convention):
 * `inputTokens` counts every prompt token, cache reads and writes included; `outputTokens`
 * counts every generated token, reasoning included; the other counts are parts of those. A
 * count the provider did not report is absent (undefined), never 0.
 */
export interface CanonicalUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** The part of cacheWriteTokens written with a 1-hour TTL. */
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  /** Server-side web search calls, billed per request. */
  webSearchRequests?: number;
}

/** A token count as the wire carries it: a non-negative whole number, else unknown. */
export function readCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The sum of the reported parts; unknown only when none of them was reported. */
export function sumCounts(...counts: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const count of counts) if (count !== undefined) total = (total ?? 0) + count;
  return total;
}

/** An object field as a record, or undefined: readers tolerate nulls and unexpected types. */
export function readRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A non-empty string field, or undefined. */
export function readString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Drops absent counts, so an event never carries `undefined` keys. */
export function compactUsage(usage: CanonicalUsage): CanonicalUsage {
  const compact: CanonicalUsage = {};
  for (const [key, value] of Object.entries(usage) as [keyof CanonicalUsage, number | undefined][]) {
    if (value !== undefined) compact[key] = value;
  }
  return compact;
}
