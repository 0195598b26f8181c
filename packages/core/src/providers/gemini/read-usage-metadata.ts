import { type CanonicalUsage, compactUsage, readCount, sumCounts } from "../usage.js";

/**
 * Gemini API and Vertex AI (Gemini) `usageMetadata`. Convention: `promptTokenCount` INCLUDES
 * `cachedContentTokenCount`; `toolUsePromptTokenCount` is billed as input beside it;
 * `candidatesTokenCount` EXCLUDES `thoughtsTokenCount`, and thoughts are billed as output, so
 * output = candidates + thoughts. https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function readUsageMetadata(usage: Record<string, unknown>): CanonicalUsage {
  const prompt = readCount(usage.promptTokenCount);
  const toolUsePrompt = readCount(usage.toolUsePromptTokenCount);
  const candidates = readCount(usage.candidatesTokenCount);
  const thoughts = readCount(usage.thoughtsTokenCount);
  const total = readCount(usage.totalTokenCount);
  const input = prompt === undefined ? undefined : sumCounts(prompt, toolUsePrompt);
  let output = sumCounts(candidates, thoughts);
  // A response with no candidates omits candidatesTokenCount; the total still tells the output.
  if (output === undefined && total !== undefined && input !== undefined && total >= input) {
    output = total - input;
  }
  return compactUsage({
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: readCount(usage.cachedContentTokenCount),
    reasoningTokens: thoughts,
  });
}
