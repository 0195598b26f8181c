import assert from "node:assert/strict";
import { test } from "node:test";
import { detectProviderCall } from "./detect-provider-call.js";

const detect = (url: string, custom?: Record<string, string>) => detectProviderCall(new URL(url), custom);

test("each provider of the matrix is recognized by host and path", () => {
  const cases: [string, string, string, string?][] = [
    ["https://api.openai.com/v1/chat/completions", "openai", "chat_completions"],
    ["https://api.openai.com/v1/responses", "openai", "responses"],
    ["https://api.openai.com/v1/embeddings", "openai", "embeddings"],
    [
      "https://acme.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21",
      "azure-openai",
      "chat_completions",
      "my-gpt4o",
    ],
    ["https://acme.cognitiveservices.azure.com/openai/v1/responses", "azure-openai", "responses"],
    ["https://api.anthropic.com/v1/messages", "anthropic", "messages"],
    [
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
      "gemini",
      "generate_content",
      "gemini-2.5-flash",
    ],
    [
      "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
      "vertex",
      "stream_generate_content",
      "gemini-2.5-pro",
    ],
    [
      "https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict",
      "vertex",
      "messages",
      "claude-sonnet-4@20250514",
    ],
    ["https://openrouter.ai/api/v1/chat/completions", "openrouter", "chat_completions"],
    ["https://api.mistral.ai/v1/chat/completions", "mistral", "chat_completions"],
    ["https://api.deepseek.com/chat/completions", "deepseek", "chat_completions"],
    ["https://api.x.ai/v1/chat/completions", "xai", "chat_completions"],
    ["https://api.x.ai/v1/messages", "xai", "messages"],
    ["https://api.groq.com/openai/v1/chat/completions", "groq", "chat_completions"],
    ["https://api.together.xyz/v1/chat/completions", "together", "chat_completions"],
    ["https://api.fireworks.ai/inference/v1/chat/completions", "fireworks", "chat_completions"],
    ["https://api.cohere.com/v2/chat", "cohere", "cohere_chat"],
    [
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse",
      "bedrock",
      "converse",
      "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
    ],
  ];
  for (const [url, provider, family, urlModel] of cases) {
    const call = detect(url);
    assert.equal(call?.provider, provider, url);
    assert.equal(call?.family, family, url);
    assert.equal(call?.urlModel, urlModel, url);
  }
});

test("streamGenerateContent is a JSON array unless alt=sse; ConverseStream is an AWS event stream", () => {
  const base =
    "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent";
  assert.equal(detect(base)?.streamFraming, "json-array");
  assert.equal(detect(`${base}?alt=sse`)?.streamFraming, "sse");
  const arn = encodeURIComponent(
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0",
  );
  const call = detect(`https://bedrock-runtime.us-east-1.amazonaws.com/model/${arn}/converse-stream`);
  assert.equal(call?.streamFraming, "aws-event-stream");
  assert.equal(call?.urlModel, "us.amazon.nova-pro-v1:0");
});

test("other calls to a provider host, and other hosts, are not captured", () => {
  assert.equal(detect("https://api.anthropic.com/v1/messages/count_tokens"), undefined);
  assert.equal(detect("https://api.openai.com/v1/models"), undefined);
  assert.equal(detect("https://example.com/v1/chat/completions"), undefined);
  assert.equal(detect("https://api.openai.com.evil.example/v1/chat/completions"), undefined);
});

test("custom base URLs map to a provider or to openai-compatible; the longest base wins", () => {
  const custom = {
    "http://127.0.0.1:8080": "openai-compatible",
    "http://127.0.0.1:8080/anthropic/": "anthropic",
  };
  assert.equal(detect("http://127.0.0.1:8080/v1/chat/completions", custom)?.provider, "openai-compatible");
  const claude = detect("http://127.0.0.1:8080/anthropic/v1/messages", custom);
  assert.equal(claude?.provider, "anthropic");
  assert.equal(claude?.shape, "anthropic-messages");
  assert.equal(detect("http://127.0.0.1:8081/v1/chat/completions", custom), undefined);
});
