import type { ProviderCall } from "@burnrate/core/providers";
import type { Attribution } from "../options.js";
import { readRequestLimits } from "../read-request-limits.js";
import { HEADER_API_KEY } from "../semconv.js";
import type { ServerAccess } from "./quote-cost.js";

export type ServerVerdict =
  | { allowed: true; reservationId?: string }
  | { allowed: false; message: string; retryAfterSeconds: number; spentUsd: number };

const SCOPE_FIELDS = ["environment", "agentId", "featureId", "userTier", "customerId"] as const;

/**
 * Asks the server before a call goes out (`POST /v1/budget/authorize`): it reserves the call's
 * worst case (prompt estimate + max output tokens at the model's price) against every budget and
 * kill switch that covers it, so concurrent calls cannot together pass a block budget. The
 * reservation id rides on the call's event, whose cost settles it. Never throws: a server that is
 * slow (past `timeoutMs`), down or refusing the key lets the call through.
 */
export async function authorizeWithServer(
  server: ServerAccess,
  request: { call: ProviderCall; attribution: Attribution; environment?: string; body: unknown },
  timeoutMs: number,
): Promise<ServerVerdict> {
  try {
    const limits = readRequestLimits(request.body);
    const body: Record<string, unknown> = { provider: request.call.provider };
    const model = limits.model ?? request.call.urlModel;
    if (model !== undefined) body.model = model.slice(0, 256);
    if (limits.inputTokens !== undefined) body.inputTokens = limits.inputTokens;
    if (limits.maxOutputTokens !== undefined) body.maxOutputTokens = limits.maxOutputTokens;
    const attribution: Attribution = { ...request.attribution };
    attribution.environment ??= request.environment;
    for (const field of SCOPE_FIELDS) {
      const value = attribution[field];
      if (typeof value === "string" && value.trim() !== "") body[field] = value;
    }
    const response = await server.fetch(`${server.endpoint}/v1/budget/authorize`, {
      method: "POST",
      headers: { "content-type": "application/json", [HEADER_API_KEY]: server.apiKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { allowed: true };
    }
    const verdict = (await response.json()) as {
      allowed?: unknown;
      reservationId?: unknown;
      message?: unknown;
      retryAfterSeconds?: unknown;
      blockedBy?: { projectedUsd?: unknown } | null;
    };
    if (verdict.allowed === false)
      return {
        allowed: false,
        message:
          typeof verdict.message === "string" ? `burnrate: ${verdict.message}` : "burnrate: over budget",
        retryAfterSeconds: typeof verdict.retryAfterSeconds === "number" ? verdict.retryAfterSeconds : 60,
        spentUsd: typeof verdict.blockedBy?.projectedUsd === "number" ? verdict.blockedBy.projectedUsd : 0,
      };
    return typeof verdict.reservationId === "string"
      ? { allowed: true, reservationId: verdict.reservationId }
      : { allowed: true };
  } catch {
    return { allowed: true };
  }
}
