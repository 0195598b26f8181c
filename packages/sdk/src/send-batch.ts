import { backoffDelay, readRetryAfter, unrefDelay } from "./retry-delay.js";
import { HEADER_API_KEY } from "./semconv.js";

export type SendOutcome = "delivered" | "refused" | "failed";

export interface SendBatchOptions {
  fetch: typeof fetch;
  endpoint: string;
  apiKey: string;
  retries: number;
  retryBaseDelayMs: number;
  requestTimeoutMs: number;
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Posts one batch to `/v1/events`, retrying network failures, 408, 429 and 5xx with exponential
 * backoff and jitter, honouring Retry-After. Events carry their own ids, so a retry of a batch
 * that was in fact stored comes back as duplicates, not double counts. Never throws.
 */
export async function sendBatch(
  events: readonly Record<string, unknown>[],
  droppedEvents: number,
  options: SendBatchOptions,
): Promise<{ outcome: SendOutcome; status?: number }> {
  const body = JSON.stringify(droppedEvents > 0 ? { events, droppedEvents } : { events });
  let status: number | undefined;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    let retryAfter: number | undefined;
    try {
      const response = await options.fetch(`${options.endpoint}/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", [HEADER_API_KEY]: options.apiKey },
        body,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      // 207 stores the good events and 422 none: a resend would not change the verdict.
      if (response.ok) return { outcome: "delivered", status };
      if (!isRetryable(response.status)) return { outcome: "refused", status };
      retryAfter = readRetryAfter(response.headers.get("retry-after"));
    } catch {
      status = undefined;
    }
    if (attempt < options.retries)
      await unrefDelay(retryAfter ?? backoffDelay(attempt, options.retryBaseDelayMs));
  }
  return status === undefined ? { outcome: "failed" } : { outcome: "failed", status };
}
