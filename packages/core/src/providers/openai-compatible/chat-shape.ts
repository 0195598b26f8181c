import { readRecord, readString } from "../usage.js";
import type { UsageShapeReader } from "../usage-shape.js";
import { readChatUsage } from "./read-chat-usage.js";

/**
 * Chat Completions and Embeddings. Streamed, every chunk carries `usage: null` except a last one
 * (`choices: []`) that the request asked for with `stream_options.include_usage`.
 */
export const openaiChatShape: UsageShapeReader = {
  readBody: (body) => ({ usage: readRecord(body.usage), model: readString(body.model) }),
  readStreamEvent: (data) => ({ usage: readRecord(data.usage), model: readString(data.model) }),
  convert: readChatUsage,
};
