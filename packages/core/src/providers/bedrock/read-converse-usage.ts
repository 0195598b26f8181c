import { type CanonicalUsage, compactUsage, readCount, sumCounts } from "../usage.js";

/**
 * AWS Bedrock Converse `usage`. Convention: `inputTokens` EXCLUDES `cacheReadInputTokens` and
 * `cacheWriteInputTokens`, so input is their sum; `outputTokens` is every generated token.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
export function readConverseUsage(usage: Record<string, unknown>): CanonicalUsage {
  const uncached = readCount(usage.inputTokens);
  const cacheRead = readCount(usage.cacheReadInputTokens);
  const cacheWrite = readCount(usage.cacheWriteInputTokens);
  return compactUsage({
    inputTokens: uncached === undefined ? undefined : sumCounts(uncached, cacheRead, cacheWrite),
    outputTokens: readCount(usage.outputTokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  });
}
