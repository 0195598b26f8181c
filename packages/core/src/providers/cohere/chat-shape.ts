import { readRecord } from "../usage.js";
import type { UsageShapeReader } from "../usage-shape.js";
import { readCohereUsage } from "./read-cohere-usage.js";

/**
 * Cohere Chat: v2 puts usage in `usage`, v1 in `meta`. Streamed (v2), the `message-end` event
 * carries `delta.usage`. The response names no model; the request does.
 * https://docs.cohere.com/reference/chat-stream
 */
export const cohereChatShape: UsageShapeReader = {
  readBody: (body) => ({ usage: readRecord(body.usage) ?? readRecord(body.meta) }),
  readStreamEvent: (data) => ({
    usage: readRecord(readRecord(data.delta)?.usage) ?? readRecord(readRecord(data.response)?.meta),
  }),
  convert: readCohereUsage,
};
