import { type CanonicalUsage, compactUsage, readCount, readRecord, sumCounts } from "../usage.js";

/**
 * OpenAI Chat Completions usage, shared by every OpenAI-compatible provider (Azure OpenAI,
 * Mistral, Groq, Together, Fireworks, OpenRouter, DeepSeek, xAI) and by Embeddings.
 * Convention: `prompt_tokens` INCLUDES `prompt_tokens_details.cached_tokens` (DeepSeek reports
 * `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens` instead); `completion_tokens` INCLUDES
 * `completion_tokens_details.reasoning_tokens`, except on xAI reasoning models where it has been
 * seen to exclude them: then `total_tokens` = prompt + completion + reasoning, which tells the
 * two cases apart. https://platform.openai.com/docs/api-reference/chat/object
 */
export function readChatUsage(usage: Record<string, unknown>): CanonicalUsage {
  const prompt = readCount(usage.prompt_tokens);
  const completion = readCount(usage.completion_tokens);
  const total = readCount(usage.total_tokens);
  const promptDetails = readRecord(usage.prompt_tokens_details);
  const completionDetails = readRecord(usage.completion_tokens_details);
  const cached = readCount(promptDetails?.cached_tokens) ?? readCount(usage.prompt_cache_hit_tokens);
  const reasoning = readCount(completionDetails?.reasoning_tokens);
  const reasoningExcluded =
    reasoning !== undefined &&
    reasoning > 0 &&
    prompt !== undefined &&
    completion !== undefined &&
    total === prompt + completion + reasoning;
  const output = reasoningExcluded ? sumCounts(completion, reasoning) : completion;
  return compactUsage({
    inputTokens:
      prompt ??
      sumCounts(readCount(usage.prompt_cache_hit_tokens), readCount(usage.prompt_cache_miss_tokens)),
    outputTokens: output,
    cacheReadTokens: cached,
    reasoningTokens: reasoning,
  });
}
