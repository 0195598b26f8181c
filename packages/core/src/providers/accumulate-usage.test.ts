import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type AccumulatedUsage, createUsageAccumulator } from "./accumulate-usage.js";
import { createJsonArrayStreamParser } from "./json-array/parse-json-array-stream.js";
import { createSseParser } from "./sse/parse-sse.js";
import type { UsageShapeName } from "./usage-shapes.js";

const fixture = (path: string) => readFileSync(new URL(`./${path}`, import.meta.url));

function fromBody(shape: UsageShapeName, provider: string, path: string): AccumulatedUsage {
  const accumulator = createUsageAccumulator(shape, provider);
  accumulator.addBody(JSON.parse(fixture(path).toString("utf8")));
  return accumulator.result();
}

/** Replays a stream fixture whole, split at 1 byte and at 7 bytes; all three must agree. */
function fromStream(shape: UsageShapeName, provider: string, path: string, framing: "sse" | "json-array") {
  const bytes = fixture(path);
  const results = [bytes.length, 1, 7].map((size) => {
    const accumulator = createUsageAccumulator(shape, provider);
    const take = (data: string, event?: string) => {
      if (data === "[DONE]") return;
      accumulator.addStreamEvent(JSON.parse(data), event);
    };
    const sse = createSseParser((event) => take(event.data, event.event));
    const array = createJsonArrayStreamParser((text) => take(text));
    for (let offset = 0; offset < bytes.length; offset += size) {
      const chunk = new Uint8Array(bytes.subarray(offset, offset + size));
      if (framing === "sse") sse.push(chunk);
      else array.push(chunk);
    }
    sse.end();
    return accumulator.result();
  });
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
  return results[0];
}

test("OpenAI chat: prompt includes cached, completion includes reasoning", () => {
  assert.deepEqual(fromBody("openai-chat", "openai", "openai-compatible/__fixtures__/chat-completion.json"), {
    model: "gpt-4o-2024-08-06",
    usage: { inputTokens: 1117, outputTokens: 46, cacheReadTokens: 1024, reasoningTokens: 0 },
  });
});

test("OpenAI chat stream: usage from the include_usage chunk; without it, tokens stay unknown", () => {
  assert.deepEqual(
    fromStream("openai-chat", "openai", "openai-compatible/__fixtures__/chat-stream-with-usage.sse", "sse"),
    {
      model: "gpt-4o-mini-2024-07-18",
      usage: { inputTokens: 19, outputTokens: 10, cacheReadTokens: 0, reasoningTokens: 0 },
    },
  );
  assert.deepEqual(
    fromStream(
      "openai-chat",
      "openai",
      "openai-compatible/__fixtures__/chat-stream-without-usage.sse",
      "sse",
    ),
    { model: "gpt-4o-mini-2024-07-18" },
  );
});

test("OpenAI Responses, JSON and stream (usage on response.completed)", () => {
  assert.deepEqual(fromBody("openai-responses", "openai", "openai-compatible/__fixtures__/responses.json"), {
    model: "o4-mini-2025-04-16",
    usage: { inputTokens: 328, outputTokens: 52, cacheReadTokens: 128, reasoningTokens: 30 },
  });
  assert.deepEqual(
    fromStream("openai-responses", "openai", "openai-compatible/__fixtures__/responses-stream.sse", "sse"),
    {
      model: "gpt-4.1-2025-04-14",
      usage: { inputTokens: 37, outputTokens: 11, cacheReadTokens: 0, reasoningTokens: 0 },
    },
  );
});

test("Embeddings: input only, output unknown", () => {
  assert.deepEqual(fromBody("openai-chat", "openai", "openai-compatible/__fixtures__/embeddings.json"), {
    model: "text-embedding-3-small",
    usage: { inputTokens: 8 },
  });
});

test("DeepSeek: cache hits are cache reads; prompt_tokens is hits + misses", () => {
  const { usage } = fromBody("openai-chat", "deepseek", "openai-compatible/__fixtures__/deepseek-chat.json");
  assert.deepEqual(usage, {
    inputTokens: 1300,
    outputTokens: 420,
    cacheReadTokens: 1024,
    reasoningTokens: 350,
  });
  const accumulator = createUsageAccumulator("openai-chat", "deepseek");
  accumulator.addBody({
    usage: { prompt_cache_hit_tokens: 10, prompt_cache_miss_tokens: 5, completion_tokens: 1 },
  });
  assert.deepEqual(accumulator.result().usage, { inputTokens: 15, outputTokens: 1, cacheReadTokens: 10 });
});

test("xAI: reasoning excluded from completion_tokens is added back; cost_in_usd_ticks is provider-reported", () => {
  assert.deepEqual(
    fromBody("openai-chat", "xai", "openai-compatible/__fixtures__/xai-reasoning-excluded.json"),
    {
      model: "grok-4-0709",
      usage: { inputTokens: 32, outputTokens: 103, cacheReadTokens: 6, reasoningTokens: 94 },
      providerCostNanos: 1_590_200,
    },
  );
});

test("OpenRouter: usage.cost is provider-reported", () => {
  const result = fromBody("openai-chat", "openrouter", "openai-compatible/__fixtures__/openrouter-chat.json");
  assert.equal(result.providerCostNanos, 510_000);
  assert.deepEqual(result.usage, {
    inputTokens: 194,
    outputTokens: 2,
    cacheReadTokens: 0,
    reasoningTokens: 0,
  });
});

test("Anthropic: input adds cache reads and writes; 1-hour writes and web searches are kept", () => {
  assert.deepEqual(fromBody("anthropic-messages", "anthropic", "anthropic/__fixtures__/message.json"), {
    model: "claude-sonnet-4-20250514",
    usage: {
      inputTokens: 2095 + 3000 + 2051,
      outputTokens: 503,
      cacheReadTokens: 3000,
      cacheWriteTokens: 2051,
      cacheWrite1hTokens: 2000,
      webSearchRequests: 2,
    },
  });
});

test("Anthropic stream: message_start input and cache, message_delta's cumulative output", () => {
  assert.deepEqual(
    fromStream("anthropic-messages", "anthropic", "anthropic/__fixtures__/message-stream.sse", "sse"),
    {
      model: "claude-sonnet-4-20250514",
      usage: {
        inputTokens: 472 + 2048,
        outputTokens: 15,
        cacheReadTokens: 2048,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
      },
    },
  );
});

test("Gemini: output is candidates + thoughts; prompt includes cached content", () => {
  assert.deepEqual(fromBody("gemini", "gemini", "gemini/__fixtures__/generate-content.json"), {
    model: "gemini-2.5-flash",
    usage: { inputTokens: 1208, outputTokens: 84 + 449, cacheReadTokens: 1024, reasoningTokens: 449 },
  });
});

test("Gemini streams, SSE and JSON array: the last usageMetadata is final", () => {
  const expected = {
    model: "gemini-2.5-flash",
    usage: { inputTokens: 9, outputTokens: 12 + 1025, reasoningTokens: 1025 },
  };
  assert.deepEqual(
    fromStream("gemini", "gemini", "gemini/__fixtures__/stream-generate-content.sse", "sse"),
    expected,
  );
  assert.deepEqual(
    fromStream("gemini", "gemini", "gemini/__fixtures__/stream-generate-content.json", "json-array"),
    expected,
  );
});

test("Bedrock Converse: input adds cache reads and writes", () => {
  assert.deepEqual(fromBody("bedrock-converse", "bedrock", "bedrock/__fixtures__/converse.json"), {
    usage: { inputTokens: 2030, outputTokens: 628, cacheReadTokens: 1000, cacheWriteTokens: 1000 },
  });
});

test("Cohere: billed units, JSON and the message-end event", () => {
  assert.deepEqual(fromBody("cohere-chat", "cohere", "cohere/__fixtures__/chat-v2.json"), {
    usage: { inputTokens: 5, outputTokens: 418 },
  });
  assert.deepEqual(fromStream("cohere-chat", "cohere", "cohere/__fixtures__/chat-v2-stream.sse", "sse"), {
    usage: { inputTokens: 3, outputTokens: 9 },
  });
});

test("nulls, wrong types and unknown fields never throw and never invent a count", () => {
  const accumulator = createUsageAccumulator("anthropic-messages", "anthropic");
  for (const junk of [
    null,
    7,
    "x",
    [],
    { usage: null },
    { usage: { input_tokens: "9", output_tokens: -1 } },
  ]) {
    accumulator.addBody(junk);
    accumulator.addStreamEvent(junk);
  }
  assert.deepEqual(accumulator.result(), { usage: {} });
});
