import { type CanonicalUsage, compactUsage, readCount, readRecord, sumCounts } from "../usage.js";

/**
 * Anthropic Messages usage (also Claude on Vertex and xAI's Messages endpoint). Convention:
 * `input_tokens` EXCLUDES cache reads and writes, so input = input_tokens +
 * cache_read_input_tokens + cache_creation_input_tokens; `output_tokens` includes thinking.
 * `cache_creation.ephemeral_1h_input_tokens` is the part of the writes with a 1-hour TTL;
 * `server_tool_use.web_search_requests` is billed per request.
 * https://docs.anthropic.com/en/api/messages (usage), .../build-with-claude/prompt-caching
 */
export function readMessagesUsage(usage: Record<string, unknown>): CanonicalUsage {
  const uncached = readCount(usage.input_tokens);
  const cacheRead = readCount(usage.cache_read_input_tokens);
  const cacheCreation = readRecord(usage.cache_creation);
  const write5m = readCount(cacheCreation?.ephemeral_5m_input_tokens);
  const write1h = readCount(cacheCreation?.ephemeral_1h_input_tokens);
  const cacheWrite = readCount(usage.cache_creation_input_tokens) ?? sumCounts(write5m, write1h);
  return compactUsage({
    inputTokens: uncached === undefined ? undefined : sumCounts(uncached, cacheRead, cacheWrite),
    outputTokens: readCount(usage.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: write1h,
    webSearchRequests: readCount(readRecord(usage.server_tool_use)?.web_search_requests),
  });
}
