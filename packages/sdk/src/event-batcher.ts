import { BoundedQueue } from "./bounded-queue.js";
import type { Diagnostics } from "./diagnostics.js";
import { sendBatch } from "./send-batch.js";

export interface EventBatcherOptions {
  fetch: typeof fetch;
  endpoint: string;
  apiKey: string;
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueue: number;
  retryBaseDelayMs: number;
  requestTimeoutMs: number;
  diagnostics: Diagnostics;
}

export interface EventBatcher {
  enqueue(event: Record<string, unknown>): void;
  /** Sends everything queued; resolves when done (never rejects). */
  flush(): Promise<void>;
  /** Stops the timer; a last flush is the caller's choice. */
  close(): void;
}

const DELIVERY_RETRIES = 3;

/**
 * A bounded queue flushed every `flushIntervalMs` or as soon as `maxBatchSize` events wait, one
 * batch in flight at a time (so a slow or dead server holds at most `maxQueue` events in memory).
 * Events lost to a full queue or a failed batch are counted and reported with the next batch.
 */
export function createEventBatcher(options: EventBatcherOptions): EventBatcher {
  const queue = new BoundedQueue<Record<string, unknown>>(options.maxQueue);
  let chain: Promise<void> = Promise.resolve();
  let draining = false;

  const drain = async () => {
    draining = true;
    try {
      while (queue.size > 0) {
        const batch = queue.take(options.maxBatchSize);
        const dropped = queue.takeDropped();
        const { outcome, status } = await sendBatch(batch, dropped, {
          fetch: options.fetch,
          endpoint: options.endpoint,
          apiKey: options.apiKey,
          retries: DELIVERY_RETRIES,
          retryBaseDelayMs: options.retryBaseDelayMs,
          requestTimeoutMs: options.requestTimeoutMs,
        });
        if (outcome !== "delivered") {
          queue.addDropped(batch.length + dropped);
          options.diagnostics.report(
            `a batch of ${batch.length} events was not stored (${outcome}, status ${status})`,
          );
        }
      }
    } finally {
      draining = false;
    }
  };

  const flush = () => {
    chain = chain.then(drain).catch((error: unknown) => options.diagnostics.report("flush failed", error));
    return chain;
  };

  const timer = setInterval(() => {
    if (queue.size > 0 && !draining) void flush();
  }, options.flushIntervalMs) as unknown as { unref?: () => void };
  timer.unref?.();

  return {
    enqueue(event) {
      queue.push(event);
      if (queue.size >= options.maxBatchSize && !draining) void flush();
    },
    flush,
    close() {
      clearInterval(timer as unknown as Parameters<typeof clearInterval>[0]);
    },
  };
}
