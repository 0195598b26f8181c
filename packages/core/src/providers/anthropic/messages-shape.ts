import { readRecord, readString } from "../usage.js";
import type { UsageShapeReader } from "../usage-shape.js";
import { readMessagesUsage } from "./read-messages-usage.js";

/**
 * Messages API. Streamed, `message_start` carries `message.usage` (input and cache counts) and
 * `message_delta` carries the cumulative `usage.output_tokens` (and may repeat input fields):
 * the accumulator keeps the latest value of each field.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export const anthropicMessagesShape: UsageShapeReader = {
  readBody: (body) => ({ usage: readRecord(body.usage), model: readString(body.model) }),
  readStreamEvent: (data) => {
    const message = readRecord(data.message);
    if (message !== undefined) return { usage: readRecord(message.usage), model: readString(message.model) };
    return { usage: readRecord(data.usage) };
  },
  convert: readMessagesUsage,
};
