import { readRecord } from "../usage.js";
import type { UsageShapeReader } from "../usage-shape.js";
import { readConverseUsage } from "./read-converse-usage.js";

/**
 * Converse and ConverseStream: `usage` on the body, or on the stream's `metadata` event. The
 * response names no model; the URL does. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export const bedrockConverseShape: UsageShapeReader = {
  readBody: (body) => ({ usage: readRecord(body.usage) }),
  readStreamEvent: (data) => ({
    usage: readRecord(data.usage) ?? readRecord(readRecord(data.metadata)?.usage),
  }),
  convert: readConverseUsage,
};
