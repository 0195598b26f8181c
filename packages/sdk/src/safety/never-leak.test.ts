import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  type IngestRecorder,
  type MockProviderServer,
  startIngestRecorder,
  startMockProviderServer,
} from "@burnrate/testkit";
import { flush, wrapFetch } from "../index.js";

let provider: MockProviderServer;
let ingest: IngestRecorder;

before(async () => {
  provider = await startMockProviderServer();
  ingest = await startIngestRecorder();
});
after(async () => {
  await provider.close();
  await ingest.close();
});

const PROMPT_CANARY = "CANARY-PROMPT-91d2";
/** Every completion in the fixtures carries this. */
const COMPLETION_CANARY = "CANARY-7f3a";

test("never leak: no prompt or completion text in anything the SDK sends", async () => {
  const trackedFetch = wrapFetch(globalThis.fetch, {
    apiKey: "br_test",
    endpoint: ingest.url,
    providers: {
      [`${provider.url}/openai`]: "openai",
      [`${provider.url}/anthropic`]: "anthropic",
      [`${provider.url}/gemini`]: "gemini",
    },
  });
  const prompt = (extra: Record<string, unknown>) =>
    JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: PROMPT_CANARY }], ...extra });
  const calls: [string, string][] = [
    ["/openai/v1/chat/completions", prompt({})],
    ["/openai/v1/chat/completions", prompt({ stream: true })],
    ["/openai/v1/chat/completions", prompt({ stream: true, stream_options: { include_usage: true } })],
    ["/openai/v1/chat/completions", prompt({ model: "fail-429" })],
    ["/openai/v1/chat/completions", prompt({ model: "malformed-stream", stream: true })],
    ["/anthropic/v1/messages", prompt({ model: "claude-sonnet-4-0" })],
    ["/anthropic/v1/messages", prompt({ model: "claude-sonnet-4-0", stream: true })],
    ["/gemini/v1beta/models/gemini-2.5-flash:generateContent", prompt({})],
    ["/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent", prompt({})],
  ];
  for (const [path, body] of calls) {
    const response = await trackedFetch(`${provider.url}${path}`, { method: "POST", body });
    const text = await response.text();
    if (response.ok && !body.includes("malformed")) assert.match(text, new RegExp(COMPLETION_CANARY));
  }
  await flush();
  const sent = ingest.bodies.join("\n");
  const events = ingest.bodies.flatMap((body) => (JSON.parse(body) as { events: unknown[] }).events);
  assert.equal(events.length, calls.length);
  assert.equal(sent.includes(PROMPT_CANARY), false);
  assert.equal(sent.includes(COMPLETION_CANARY), false);
  assert.equal(sent.includes("CANARY"), false);
});
