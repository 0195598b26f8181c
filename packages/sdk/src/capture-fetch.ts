import { detectProviderCall, type ProviderCall } from "@burnrate/core/providers";
import { currentAttribution } from "./attribution-context.js";
import { type BodyFraming, createBodyObserver, framingOf } from "./body-observer.js";
import type { CapturedCall } from "./build-event.js";
import { type BodyOutcome, observeBody } from "./observe-body.js";
import type { Attribution, ResolvedOptions } from "./options.js";
import { readRequestModel } from "./read-request-model.js";

/** What the capture path needs from a client: its options, and where finished calls go. */
export interface CaptureSink {
  readonly options: ResolvedOptions;
  readonly enabled: boolean;
  record(captured: CapturedCall): void;
  /** The budget's verdict before the call goes out: a synthetic response when it is blocked. */
  gate(pending: PendingCall): Response | undefined;
  /** The server's verdict, when the budget asks it (sets the pending call's reservationId); never rejects. */
  authorize?(pending: PendingCall, body: unknown): Promise<Response | undefined>;
  report(message: string, error?: unknown): void;
}

export interface PendingCall {
  call: ProviderCall;
  startedAt: number;
  attribution: Attribution;
  requestModel: () => string | undefined;
  /** The server's reservation the call runs under (budget.authorizeWithServer). */
  reservationId?: string;
}

const now = () => (typeof performance === "undefined" ? Date.now() : performance.now());
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function urlOf(input: unknown): URL | undefined {
  const href =
    typeof input === "string" ? input : input instanceof URL ? input.href : (input as { url?: unknown })?.url;
  if (typeof href !== "string") return undefined;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  return new URL(href, base);
}

function prepare(sink: CaptureSink, input: unknown, init: RequestInit | undefined): PendingCall | undefined {
  const url = urlOf(input);
  const call = url === undefined ? undefined : detectProviderCall(url, sink.options.providers);
  if (call === undefined) return undefined;
  const body = init?.body;
  return {
    call,
    startedAt: Date.now(),
    attribution: { ...sink.options.attribution, ...currentAttribution() },
    requestModel: () => readRequestModel(body),
  };
}

/** A Response like the original in every visible way, with the body replaced by `body`. */
function rebuildResponse(original: Response, body: ReadableStream<Uint8Array>): Response {
  const rebuilt = new Response(body, {
    status: original.status,
    statusText: original.statusText,
    headers: original.headers,
  });
  for (const property of ["url", "redirected", "type"] as const) {
    Object.defineProperty(rebuilt, property, { value: original[property], enumerable: true });
  }
  return rebuilt;
}

function observe(sink: CaptureSink, pending: PendingCall, response: Response, startClock: number): Response {
  const timeToFirstByteMs = now() - startClock;
  const base = {
    ...pending,
    timeToFirstByteMs,
    statusCode: response.status,
    environment: sink.options.environment,
  };
  const framing: BodyFraming | undefined = response.ok
    ? framingOf(pending.call, response.headers.get("content-type"))
    : undefined;
  const stream = framing === "sse" || framing === "json-array" || framing === "aws-event-stream";
  // Errors and bodies the SDK cannot read are recorded now, and the response is returned untouched.
  if (framing === undefined || response.body === null || NULL_BODY_STATUSES.has(response.status)) {
    sink.record({
      ...base,
      latencyMs: timeToFirstByteMs,
      outcome: response.ok ? "ok" : "http_error",
      stream,
      usage: {},
    });
    return response;
  }
  const observer = createBodyObserver(framing, pending.call, sink.options.maxJsonBodyBytes);
  const body = observeBody(response.body, {
    chunk: (bytes) => observer.push(bytes),
    end: (outcome: BodyOutcome) => {
      sink.record({
        ...base,
        latencyMs: now() - startClock,
        outcome: outcome === "complete" ? "ok" : outcome,
        stream,
        usage: observer.finish(),
      });
    },
  });
  return rebuildResponse(response, body);
}

/**
 * Wraps a fetch so that calls to recognized providers are recorded. The request goes out exactly
 * as given; the caller gets the provider's status, headers and bytes, or the original error. Any
 * failure of the SDK itself falls back to the plain call.
 */
export function createCapturingFetch(baseFetch: typeof fetch, sink: CaptureSink): typeof fetch {
  return function burnrateFetch(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
    let pending: PendingCall | undefined;
    let blocked: Response | undefined;
    try {
      if (sink.enabled) pending = prepare(sink, input, init);
      if (pending !== undefined) blocked = sink.gate(pending);
    } catch (error) {
      sink.report("could not inspect a request", error);
    }
    if (blocked !== undefined) return Promise.resolve(blocked);
    if (pending === undefined) return baseFetch(input, init);
    const call = pending;
    if (sink.authorize === undefined) return send(baseFetch, sink, call, input, init);
    return sink
      .authorize(call, init?.body)
      .catch(() => undefined)
      .then((refused) => refused ?? send(baseFetch, sink, call, input, init));
  } as typeof fetch;
}

/** Sends the call as given, and records it when it ends. */
function send(
  baseFetch: typeof fetch,
  sink: CaptureSink,
  call: PendingCall,
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
): Promise<Response> {
  const startClock = now();
  return baseFetch(input, init).then(
    (response) => {
      try {
        return observe(sink, call, response, startClock);
      } catch (error) {
        sink.report("could not observe a response", error);
        return response;
      }
    },
    (error: unknown) => {
      try {
        const aborted = (error as { name?: unknown })?.name === "AbortError";
        sink.record({
          ...call,
          latencyMs: now() - startClock,
          outcome: aborted ? "aborted" : "network_error",
          stream: false,
          usage: {},
          environment: sink.options.environment,
        });
      } catch (reportError) {
        sink.report("could not record a failed call", reportError);
      }
      throw error;
    },
  );
}
