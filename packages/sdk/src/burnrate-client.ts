import { type BudgetEnforcer, createBudgetEnforcer } from "./budget/budget-enforcer.js";
import { createRateLimitResponse } from "./budget/rate-limit-response.js";
import { authorizeWithServer } from "./budget/server-authorization.js";
import { buildEvent, type CapturedCall } from "./build-event.js";
import { type CaptureSink, createCapturingFetch, type PendingCall } from "./capture-fetch.js";
import { createDiagnostics } from "./diagnostics.js";
import { createEventBatcher, type EventBatcher } from "./event-batcher.js";
import type { BurnrateOptions, ResolvedOptions } from "./options.js";
import { resolveOptions } from "./options.js";

export interface BurnrateClient {
  /** A fetch that records the calls it makes to recognized providers. */
  wrap(baseFetch: typeof fetch): typeof fetch;
  /** Sends every event recorded so far; never rejects. */
  flush(): Promise<void>;
  /** Flushes (bounded by `timeoutMs`), stops the timer; later calls pass through unrecorded. */
  shutdown(timeoutMs?: number): Promise<void>;
}

const wrappedFetches = new WeakSet<typeof fetch>();

/** Whether a fetch is already one of ours (wrapping it again would record calls twice). */
export function isCapturingFetch(candidate: unknown): boolean {
  return typeof candidate === "function" && wrappedFetches.has(candidate as typeof fetch);
}

function withTimeout(promise: Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs) as unknown as { unref?: () => void };
    timer.unref?.();
    void promise.finally(() => {
      clearTimeout(timer as unknown as Parameters<typeof clearTimeout>[0]);
      resolve();
    });
  });
}

function createEnabledClient(options: ResolvedOptions, deliveryFetch: typeof fetch): BurnrateClient {
  const diagnostics = createDiagnostics(options.debug);
  const batcher: EventBatcher = createEventBatcher({ ...options, fetch: deliveryFetch, diagnostics });
  const building = new Set<Promise<void>>();
  const budget: BudgetEnforcer | undefined =
    options.budget === undefined
      ? undefined
      : createBudgetEnforcer(
          options.budget,
          { ...options, fetch: deliveryFetch },
          {
            enqueue: (event) => batcher.enqueue(event),
            warn: (message) => {
              try {
                console.warn(message);
              } catch {
                // A console that throws must not reach the host.
              }
            },
            ...(options.environment === undefined ? {} : { environment: options.environment }),
          },
        );
  let closed = false;
  const sink: CaptureSink = {
    options,
    get enabled() {
      return !closed;
    },
    record(captured: CapturedCall) {
      // Built after the caller's own continuation: the request model, if needed, is parsed off its path.
      const task = Promise.resolve()
        .then(() => {
          const event = buildEvent(captured);
          batcher.enqueue(event);
          budget?.observe(event);
        })
        .catch((error: unknown) => diagnostics.report("could not build an event", error))
        .finally(() => building.delete(task));
      building.add(task);
    },
    gate: (pending) => budget?.gate(pending),
    ...(options.budget?.authorizeWithServer
      ? {
          authorize: (pending: PendingCall, body: unknown) =>
            authorizeCall(options, deliveryFetch, pending, body),
        }
      : {}),
    report: (message, error) => diagnostics.report(message, error),
  };
  const flush = async () => {
    await Promise.all(building);
    await budget?.settled();
    await batcher.flush();
  };
  return {
    wrap(baseFetch) {
      if (isCapturingFetch(baseFetch)) return baseFetch;
      const wrapped = createCapturingFetch(baseFetch, sink);
      wrappedFetches.add(wrapped);
      return wrapped;
    },
    flush,
    async shutdown(timeoutMs = 2000) {
      if (closed) return;
      await withTimeout(flush(), timeoutMs);
      closed = true;
      batcher.close();
      budget?.close();
    },
  };
}

/** Asks the server; a refusal becomes the provider's own 429, an allowance tags the call with its reservation. */
async function authorizeCall(
  options: ResolvedOptions,
  deliveryFetch: typeof fetch,
  pending: PendingCall,
  body: unknown,
): Promise<Response | undefined> {
  const verdict = await authorizeWithServer(
    { ...options, fetch: deliveryFetch },
    {
      call: pending.call,
      attribution: pending.attribution,
      body,
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    },
    options.budget?.authorizeTimeoutMs ?? 2000,
  );
  if (verdict.allowed) {
    if (verdict.reservationId !== undefined) pending.reservationId = verdict.reservationId;
    return undefined;
  }
  return createRateLimitResponse(
    pending.call,
    { limit: "server", spentUsd: verdict.spentUsd, message: verdict.message },
    verdict.retryAfterSeconds,
  );
}

const disabledClient: BurnrateClient = {
  wrap: (baseFetch) => baseFetch,
  flush: async () => {},
  shutdown: async () => {},
};

/**
 * One capture pipeline: options, a delivery queue, and the fetch wrapper. Without an API key
 * it is disabled and wraps nothing. Events are delivered with `deliveryFetch` (the fetch as it
 * was before any patching), so the SDK never records its own ingest calls.
 */
export function createBurnrateClient(options: BurnrateOptions, deliveryFetch: typeof fetch): BurnrateClient {
  try {
    const resolved = resolveOptions(options);
    if (resolved === undefined) {
      createDiagnostics(options.debug === true).report("no apiKey: calls are not captured");
      return disabledClient;
    }
    return createEnabledClient(resolved, deliveryFetch);
  } catch (error) {
    createDiagnostics(options.debug === true).report("could not start", error);
    return disabledClient;
  }
}
