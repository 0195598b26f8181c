import { type CanonicalUsage, compactUsage, readCount, readRecord } from "../usage.js";

/**
 * Cohere Chat usage (v2 `usage`, v1 `meta`). Convention: `billed_units.input_tokens` and
 * `billed_units.output_tokens` are what is billed; `tokens.*` adds the prompt template's
 * overhead, so it is only a fallback. https://docs.cohere.com/reference/chat
 */
export function readCohereUsage(usage: Record<string, unknown>): CanonicalUsage {
  const billed = readRecord(usage.billed_units);
  const tokens = readRecord(usage.tokens);
  return compactUsage({
    inputTokens: readCount(billed?.input_tokens) ?? readCount(tokens?.input_tokens),
    outputTokens: readCount(billed?.output_tokens) ?? readCount(tokens?.output_tokens),
  });
}
