import { type CanonicalUsage, compactUsage, readCount, readRecord } from "../usage.js";

/**
 * OpenAI Responses API usage. Convention: `input_tokens` INCLUDES
 * `input_tokens_details.cached_tokens`; `output_tokens` INCLUDES
 * `output_tokens_details.reasoning_tokens`. https://platform.openai.com/docs/api-reference/responses/object
 */
export function readResponsesUsage(usage: Record<string, unknown>): CanonicalUsage {
  return compactUsage({
    inputTokens: readCount(usage.input_tokens),
    outputTokens: readCount(usage.output_tokens),
    cacheReadTokens: readCount(readRecord(usage.input_tokens_details)?.cached_tokens),
    reasoningTokens: readCount(readRecord(usage.output_tokens_details)?.reasoning_tokens),
  });
}
