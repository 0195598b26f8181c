import { HEADER_API_KEY } from "../semconv.js";

export interface ServerAccess {
  fetch: typeof fetch;
  endpoint: string;
  apiKey: string;
  requestTimeoutMs: number;
}

/**
 * What the server's price book says a recorded call cost (`POST /v1/pricing/quote`, which takes the
 * event's own shape), in nano-dollars; undefined when unpriced or unreachable. The SDK holds no
 * price book (bundle size). Never throws.
 */
export async function quoteCostNanos(
  event: Record<string, unknown>,
  server: ServerAccess,
): Promise<number | undefined> {
  try {
    const response = await server.fetch(`${server.endpoint}/v1/pricing/quote`, {
      method: "POST",
      headers: { "content-type": "application/json", [HEADER_API_KEY]: server.apiKey },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(server.requestTimeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    const quote = (await response.json()) as { costNanos?: unknown };
    return typeof quote.costNanos === "number" ? quote.costNanos : undefined;
  } catch {
    return undefined;
  }
}
