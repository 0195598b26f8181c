import type { UsageShapeName } from "./usage-shapes.js";

/** The API families whose calls burnrate captures. */
export type EndpointFamily =
  | "chat_completions"
  | "responses"
  | "embeddings"
  | "messages"
  | "generate_content"
  | "stream_generate_content"
  | "converse"
  | "converse_stream"
  | "cohere_chat";

/** How a streamed body is framed when the response is not `text/event-stream`. */
export type StreamFraming = "sse" | "json-array" | "aws-event-stream";

export interface EndpointRoute {
  family: EndpointFamily;
  /** Matched against the end of the URL path, so any base path (a proxy, a gateway) may precede it. */
  path: RegExp;
  shape: UsageShapeName;
  /** The capture group of `path` that names the model (URL-encoded), when the URL names one. */
  modelGroup?: number;
  /** The framing of a streamed response that does not announce SSE. */
  streamFraming?: StreamFraming;
}

const chat: EndpointRoute = {
  family: "chat_completions",
  path: /\/chat\/completions$/,
  shape: "openai-chat",
};
const responses: EndpointRoute = { family: "responses", path: /\/responses$/, shape: "openai-responses" };
const embeddings: EndpointRoute = { family: "embeddings", path: /\/embeddings$/, shape: "openai-chat" };
const messages: EndpointRoute = { family: "messages", path: /\/messages$/, shape: "anthropic-messages" };

/** OpenAI and every OpenAI-compatible API. */
export const OPENAI_COMPATIBLE_ROUTES: readonly EndpointRoute[] = [chat, responses, embeddings];

export const ANTHROPIC_ROUTES: readonly EndpointRoute[] = [messages];

/** Azure OpenAI: `/openai/deployments/{deployment}/…` (the URL names a deployment) or the v1 paths. */
export const AZURE_OPENAI_ROUTES: readonly EndpointRoute[] = [
  { ...chat, path: /\/deployments\/([^/]+)\/chat\/completions$/, modelGroup: 1 },
  { ...embeddings, path: /\/deployments\/([^/]+)\/embeddings$/, modelGroup: 1 },
  ...OPENAI_COMPATIBLE_ROUTES,
];

/** Gemini API and Vertex AI publisher models: `…/models/{model}:generateContent`. */
export const GEMINI_ROUTES: readonly EndpointRoute[] = [
  { family: "generate_content", path: /\/models\/([^/:]+):generateContent$/, shape: "gemini", modelGroup: 1 },
  {
    family: "stream_generate_content",
    path: /\/models\/([^/:]+):streamGenerateContent$/,
    shape: "gemini",
    modelGroup: 1,
    streamFraming: "json-array",
  },
  // The Gemini API's OpenAI-compatible endpoint (/v1beta/openai/chat/completions).
  ...OPENAI_COMPATIBLE_ROUTES,
];

/** Vertex AI: Gemini, Claude (`publishers/anthropic/models/{model}:rawPredict`), and the OpenAI-compatible endpoint. */
export const VERTEX_ROUTES: readonly EndpointRoute[] = [
  ...GEMINI_ROUTES,
  { family: "messages", path: /\/models\/([^/:]+):rawPredict$/, shape: "anthropic-messages", modelGroup: 1 },
  {
    family: "messages",
    path: /\/models\/([^/:]+):streamRawPredict$/,
    shape: "anthropic-messages",
    modelGroup: 1,
  },
];

/**
 * Bedrock runtime Converse; ConverseStream uses the AWS binary event-stream framing. InvokeModel
 * answers in the model's own body: Claude's is the Anthropic Messages shape.
 */
export const BEDROCK_ROUTES: readonly EndpointRoute[] = [
  { family: "messages", path: /\/model\/([^/]+)\/invoke$/, shape: "anthropic-messages", modelGroup: 1 },
  { family: "converse", path: /\/model\/([^/]+)\/converse$/, shape: "bedrock-converse", modelGroup: 1 },
  {
    family: "converse_stream",
    path: /\/model\/([^/]+)\/converse-stream$/,
    shape: "bedrock-converse",
    modelGroup: 1,
    streamFraming: "aws-event-stream",
  },
];

/** Cohere Chat v2 and v1, and its OpenAI-compatible endpoint. */
export const COHERE_ROUTES: readonly EndpointRoute[] = [
  { family: "cohere_chat", path: /\/v[12]\/chat$/, shape: "cohere-chat" },
  ...OPENAI_COMPATIBLE_ROUTES,
];

/** xAI speaks the OpenAI APIs and Anthropic's Messages API. */
export const XAI_ROUTES: readonly EndpointRoute[] = [...OPENAI_COMPATIBLE_ROUTES, messages];
