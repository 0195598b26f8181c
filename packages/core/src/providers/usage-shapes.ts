import { anthropicMessagesShape } from "./anthropic/messages-shape.js";
import { bedrockConverseShape } from "./bedrock/converse-shape.js";
import { cohereChatShape } from "./cohere/chat-shape.js";
import { geminiShape } from "./gemini/generate-content-shape.js";
import { openaiChatShape } from "./openai-compatible/chat-shape.js";
import { openaiResponsesShape } from "./openai-compatible/responses-shape.js";
import type { UsageShapeReader } from "./usage-shape.js";

/** Every wire shape burnrate reads usage from, by name. */
export const USAGE_SHAPES = {
  "openai-chat": openaiChatShape,
  "openai-responses": openaiResponsesShape,
  "anthropic-messages": anthropicMessagesShape,
  gemini: geminiShape,
  "bedrock-converse": bedrockConverseShape,
  "cohere-chat": cohereChatShape,
} as const satisfies Record<string, UsageShapeReader>;

export type UsageShapeName = keyof typeof USAGE_SHAPES;
