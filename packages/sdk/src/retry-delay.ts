const MAX_RETRY_DELAY_MS = 30_000;

/** Seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from now; undefined if absent or unreadable. */
export function readRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_DELAY_MS);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(date - now, 0), MAX_RETRY_DELAY_MS);
}

/** Exponential backoff with full jitter: a random delay in [base·2^attempt / 2, base·2^attempt]. */
export function backoffDelay(attempt: number, baseDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(baseDelayMs * 2 ** attempt, MAX_RETRY_DELAY_MS);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A timer that never keeps the process alive. */
export function unrefDelay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms) as unknown as { unref?: () => void };
    timer.unref?.();
  });
}
