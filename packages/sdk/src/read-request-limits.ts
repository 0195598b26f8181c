const MAX_REQUEST_BYTES = 1024 * 1024;

/** What a JSON request body says about a call's worst case, for the server's budget decision. */
export interface RequestLimits {
  model?: string;
  /** The most the call may generate: max_tokens and its per-provider names. */
  maxOutputTokens?: number;
  /** A conservative prompt estimate: a token per 4 bytes of the request body. */
  inputTokens?: number;
}

const positiveInt = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * Reads the model and the output cap from a string or bytes body (never altered; streams and
 * forms are not touched): OpenAI `max_tokens` / `max_completion_tokens` / `max_output_tokens`,
 * Anthropic `max_tokens`, Gemini `generationConfig.maxOutputTokens`, Bedrock
 * `inferenceConfig.maxTokens`.
 */
export function readRequestLimits(body: unknown): RequestLimits {
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    if (body.byteLength <= MAX_REQUEST_BYTES) text = new TextDecoder().decode(body);
  }
  if (text === undefined || text.length > MAX_REQUEST_BYTES) return {};
  try {
    const parsed = JSON.parse(text) as Record<string, unknown> | null;
    if (parsed === null || typeof parsed !== "object") return {};
    const nested = (key: string, field: string) =>
      (parsed[key] as Record<string, unknown> | undefined)?.[field];
    const maxOutputTokens =
      positiveInt(parsed.max_completion_tokens) ??
      positiveInt(parsed.max_output_tokens) ??
      positiveInt(parsed.max_tokens) ??
      positiveInt(nested("generationConfig", "maxOutputTokens")) ??
      positiveInt(nested("inferenceConfig", "maxTokens"));
    const limits: RequestLimits = { inputTokens: Math.ceil(text.length / 4) };
    if (typeof parsed.model === "string" && parsed.model !== "") limits.model = parsed.model;
    if (maxOutputTokens !== undefined) limits.maxOutputTokens = maxOutputTokens;
    return limits;
  } catch {
    return {};
  }
}
