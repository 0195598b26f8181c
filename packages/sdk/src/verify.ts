import { DEFAULT_ENDPOINT } from "./options.js";
import { randomUuid } from "./random-uuid.js";
import { SDK_VERSION } from "./sdk-version.js";
import { HEADER_API_KEY } from "./semconv.js";

export interface VerifyOptions {
  apiKey?: string;
  endpoint?: string;
  debug?: boolean;
  /** The fetch to use (defaults to the global one). */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface VerifyResult {
  /** The server answered. */
  reachable: boolean;
  /** The key was accepted and the test event stored. */
  keyValid: boolean;
  status?: number;
  latencyMs?: number;
  /** This machine's clock minus the server's (from its Date header), to the second. */
  clockSkewMs?: number;
  /** What went wrong, in words, when something did. */
  problem?: string;
}

/**
 * Sends one test event (provider "burnrate", operation "api_call", metadata `{ verify: true }`)
 * and reports reachability, key validity and clock skew. Never throws.
 */
export async function verifyBurnrate(options: VerifyOptions): Promise<VerifyResult> {
  const result = await runVerification(options).catch(
    (error: unknown): VerifyResult => ({
      reachable: false,
      keyValid: false,
      problem: error instanceof Error ? error.message : "verification failed",
    }),
  );
  if (options.debug === true) {
    try {
      console.info("[burnrate] verify", result);
    } catch {
      // Telemetry never breaks the host.
    }
  }
  return result;
}

async function runVerification(options: VerifyOptions): Promise<VerifyResult> {
  if (typeof options.apiKey !== "string" || options.apiKey === "") {
    return { reachable: false, keyValid: false, problem: "no apiKey" };
  }
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const send = options.fetch ?? globalThis.fetch;
  const event = {
    eventId: randomUuid(),
    timestamp: new Date().toISOString(),
    source: "sdk",
    provider: "burnrate",
    operation: "api_call",
    sdkVersion: SDK_VERSION,
    metadata: { verify: true },
  };
  const sentAt = Date.now();
  const response = await send(`${endpoint}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", [HEADER_API_KEY]: options.apiKey },
    body: JSON.stringify({ events: [event] }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const receivedAt = Date.now();
  await response.body?.cancel().catch(() => undefined);
  const serverDate = Date.parse(response.headers.get("date") ?? "");
  const keyValid = response.status === 200;
  return {
    reachable: true,
    keyValid,
    status: response.status,
    latencyMs: receivedAt - sentAt,
    ...(Number.isNaN(serverDate) ? {} : { clockSkewMs: Math.round((sentAt + receivedAt) / 2 - serverDate) }),
    ...(keyValid
      ? {}
      : {
          problem:
            response.status === 401 || response.status === 403
              ? "the API key was refused"
              : `the server answered ${response.status}`,
        }),
  };
}
