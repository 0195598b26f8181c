import { readRecord, readString } from "../usage.js";
import type { UsageShapeReader } from "../usage-shape.js";
import { readResponsesUsage } from "./read-responses-usage.js";

/**
 * Responses API. Streamed, the lifecycle events (`response.created`, `response.completed`,
 * `response.incomplete`, `response.failed`) carry the response object; usage is on the terminal one.
 */
export const openaiResponsesShape: UsageShapeReader = {
  readBody: (body) => ({ usage: readRecord(body.usage), model: readString(body.model) }),
  readStreamEvent: (data) => {
    const response = readRecord(data.response);
    return { usage: readRecord(response?.usage), model: readString(response?.model) };
  },
  convert: readResponsesUsage,
};
