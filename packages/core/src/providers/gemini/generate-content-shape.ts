import { readRecord, readString } from "../usage.js";
import type { UsageShapeReader } from "../usage-shape.js";
import { readUsageMetadata } from "./read-usage-metadata.js";

/**
 * generateContent and streamGenerateContent: every streamed chunk is a whole
 * GenerateContentResponse; `usageMetadata` may ride on several of them and the last is final.
 * The model is `modelVersion`. https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse
 */
export const geminiShape: UsageShapeReader = {
  readBody: (body) => ({ usage: readRecord(body.usageMetadata), model: readString(body.modelVersion) }),
  readStreamEvent: (data) => ({
    usage: readRecord(data.usageMetadata),
    model: readString(data.modelVersion),
  }),
  convert: readUsageMetadata,
};
