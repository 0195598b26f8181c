import type { ProviderCall } from "@burnrate/core/providers";
import type { BudgetBreach } from "./budget-guard.js";

export const BUDGET_ERROR_CODE = "BR_ERR_BUDGET_EXCEEDED";

function describe(breach: BudgetBreach): string {
  if (breach.message !== undefined) return breach.message;
  const spent = `$${breach.spentUsd.toFixed(4)}`;
  if (breach.limit === "server") return `burnrate: the project's budget is exhausted (spent ${spent}).`;
  return `burnrate: ${breach.limit} budget of $${breach.limitUsd} reached (spent ${spent}); the call was not sent.`;
}

/** The provider's own 429 body for its wire shape, so its official client raises its rate-limit error. */
function bodyFor(call: ProviderCall, message: string): unknown {
  switch (call.shape) {
    // https://docs.anthropic.com/en/api/errors
    case "anthropic-messages":
      return { type: "error", error: { type: "rate_limit_error", message } };
    // https://ai.google.dev/gemini-api/docs/troubleshooting (google.rpc.Status)
    case "gemini":
      return { error: { code: 429, message, status: "RESOURCE_EXHAUSTED" } };
    // https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html (ThrottlingException)
    case "bedrock-converse":
      return { message };
    case "cohere-chat":
      return { message };
    // https://platform.openai.com/docs/guides/error-codes — every OpenAI-compatible API.
    default:
      return { error: { message, type: "rate_limit_exceeded", param: null, code: BUDGET_ERROR_CODE } };
  }
}

/**
 * The synthetic 429 a blocked call gets instead of reaching the provider. `x-should-retry: false`
 * tells the Stainless clients (openai, @anthropic-ai/sdk) not to retry; `retry-after` is when the
 * budget is next re-read from the server.
 */
export function createRateLimitResponse(
  call: ProviderCall,
  breach: BudgetBreach,
  retryAfterSeconds: number,
): Response {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))),
    "x-should-retry": "false",
    "x-burnrate-error-code": BUDGET_ERROR_CODE,
  };
  if (call.shape === "bedrock-converse") headers["x-amzn-errortype"] = "ThrottlingException";
  return new Response(JSON.stringify(bodyFor(call, describe(breach))), {
    status: 429,
    statusText: "Too Many Requests",
    headers,
  });
}
