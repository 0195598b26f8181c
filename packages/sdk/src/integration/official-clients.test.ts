import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { flush, withBurnrate, wrapFetch } from "../index.js";
import { type LedgerHarness, startLedgerHarness } from "./ledger-harness.js";

let harness: LedgerHarness;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  harness = await startLedgerHarness();
  const trackedFetch = wrapFetch(globalThis.fetch, {
    apiKey: harness.apiKey,
    endpoint: harness.server.url,
    providers: harness.providers,
    attribution: { featureId: "support-bot" },
  });
  openai = new OpenAI({
    apiKey: "sk-test",
    baseURL: `${harness.provider.url}/openai/v1`,
    fetch: trackedFetch,
    maxRetries: 0,
  });
  anthropic = new Anthropic({
    apiKey: "sk-ant-test",
    baseURL: `${harness.provider.url}/anthropic`,
    fetch: trackedFetch,
    maxRetries: 0,
  });
});
after(() => harness.close());

async function ledgerFor(taskId: string, run: () => Promise<unknown>) {
  await withBurnrate({ taskId }, run);
  await flush();
  return harness.entriesWithTask(taskId);
}

describe("the official clients, through wrapFetch, land in a real ledger", () => {
  test("openai chat.completions.create: tokens, model, attribution and the server's cost", async () => {
    const [entry, ...rest] = await ledgerFor("oa-json", async () => {
      const completion = await openai.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "hi" }],
      });
      assert.match(completion.choices[0]?.message.content ?? "", /CANARY-7f3a/);
    });
    assert.equal(rest.length, 0);
    assert.equal(entry?.provider, "openai");
    assert.equal(entry?.model, "gpt-4o-2024-08-06");
    assert.equal(entry?.source, "sdk");
    assert.equal(entry?.inputTokens, 1117);
    assert.equal(entry?.outputTokens, 46);
    assert.equal(entry?.cacheReadTokens, 1024);
    assert.equal(entry?.statusCode, 200);
    assert.equal(entry?.featureId, "support-bot");
    assert.equal(entry?.costSource, "PROVIDER_REGISTRY");
    assert.ok((entry?.costNanos ?? 0) > 0);
  });

  test("openai streams: with include_usage the tokens land; without, they stay unknown", async () => {
    const entries = await ledgerFor("oa-stream", async () => {
      for (const includeUsage of [true, false]) {
        const stream = await openai.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "hi" }],
          stream: true,
          ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        });
        let text = "";
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
        assert.match(text, /CANARY-7f3a/);
      }
    });
    const [withUsage, withoutUsage] = entries;
    assert.equal(entries.length, 2);
    assert.equal(withUsage?.model, "gpt-4o-mini-2024-07-18");
    assert.equal(withUsage?.inputTokens, 19);
    assert.equal(withUsage?.outputTokens, 10);
    assert.ok((withUsage?.costNanos ?? 0) > 0);
    assert.equal(withoutUsage?.model, "gpt-4o-mini-2024-07-18");
    assert.equal(withoutUsage?.inputTokens, undefined);
    assert.equal(withoutUsage?.outputTokens, undefined);
    assert.equal(withoutUsage?.costSource, "UNPRICED");
    const { timeToFirstByteMs, ...metadata } = (withoutUsage?.metadata ?? {}) as Record<string, unknown>;
    assert.deepEqual(metadata, {
      endpoint: "chat_completions",
      stream: true,
      outcome: "ok",
      usageReported: false,
    });
    assert.equal(typeof timeToFirstByteMs, "number");
  });

  test("anthropic messages.create, JSON and stream: cache reads and writes are part of the input", async () => {
    const entries = await ledgerFor("an", async () => {
      const message = await anthropic.messages.create({
        model: "claude-sonnet-4-0",
        max_tokens: 64,
        messages: [{ role: "user", content: "hi" }],
      });
      assert.equal(message.usage.output_tokens, 503);
      const stream = anthropic.messages.stream({
        model: "claude-sonnet-4-0",
        max_tokens: 64,
        messages: [{ role: "user", content: "hi" }],
      });
      const final = await stream.finalMessage();
      assert.equal(final.usage.output_tokens, 15);
    });
    assert.equal(entries.length, 2);
    const [json, streamed] = entries;
    assert.equal(json?.provider, "anthropic");
    assert.equal(json?.model, "claude-sonnet-4-20250514");
    assert.equal(json?.inputTokens, 2095 + 3000 + 2051);
    assert.equal(json?.cacheWrite1hTokens, 2000);
    assert.equal(json?.webSearchRequests, 2);
    assert.equal(streamed?.inputTokens, 472 + 2048);
    assert.equal(streamed?.outputTokens, 15);
    assert.equal(streamed?.cacheReadTokens, 2048);
    for (const entry of entries) {
      assert.equal(entry.costSource, "PROVIDER_REGISTRY");
      assert.ok((entry.costNanos ?? 0) > 0);
    }
  });

  test("429 and 500 are recorded with their status and no tokens; the client sees its own error", async () => {
    const entries = await ledgerFor("errors", async () => {
      await assert.rejects(
        openai.chat.completions.create({ model: "fail-429", messages: [{ role: "user", content: "x" }] }),
        (error: unknown) => error instanceof OpenAI.RateLimitError,
      );
      await assert.rejects(
        anthropic.messages.create({
          model: "fail-500",
          max_tokens: 5,
          messages: [{ role: "user", content: "x" }],
        }),
        (error: unknown) => error instanceof Anthropic.InternalServerError,
      );
    });
    assert.deepEqual(
      entries.map((entry) => [
        entry.provider,
        entry.model,
        entry.statusCode,
        entry.inputTokens,
        entry.costSource,
      ]),
      [
        ["openai", "fail-429", 429, undefined, "UNPRICED"],
        ["anthropic", "fail-500", 500, undefined, "UNPRICED"],
      ],
    );
  });
});
