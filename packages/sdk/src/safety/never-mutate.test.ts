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
let trackedFetch: typeof fetch;

before(async () => {
  provider = await startMockProviderServer();
  ingest = await startIngestRecorder();
  trackedFetch = wrapFetch(globalThis.fetch, {
    apiKey: "br_test",
    endpoint: ingest.url,
    providers: { [`${provider.url}/openai`]: "openai", [`${provider.url}/gemini`]: "gemini" },
  });
});
after(async () => {
  await provider.close();
  await ingest.close();
});

async function snapshot(response: Response) {
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    url: response.url,
    redirected: response.redirected,
    type: response.type,
    headers: [...response.headers].filter(([name]) => name !== "date"),
    body: Buffer.from(await response.arrayBuffer()).toString("base64"),
  };
}

const calls: [string, string][] = [
  ["/openai/v1/chat/completions", '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}'],
  ["/openai/v1/chat/completions", '{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}}'],
  ["/openai/v1/chat/completions", '{"model":"fail-429"}'],
  ["/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent", "{}"],
  ["/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "{}"],
];

test("never mutate: the provider receives the same request and the caller the same response, headers included", async () => {
  for (const [path, body] of calls) {
    const init = { method: "POST", headers: { "content-type": "application/json", "x-custom": "1" }, body };
    const plain = await snapshot(await fetch(`${provider.url}${path}`, init));
    const plainRequest = provider.requests.at(-1);
    const tracked = await snapshot(await trackedFetch(`${provider.url}${path}`, init));
    const trackedRequest = provider.requests.at(-1);
    assert.deepEqual(tracked, plain, path);
    assert.deepEqual(trackedRequest, plainRequest, path);
  }
  await flush();
  assert.equal(ingest.bodies.length > 0, true);
});

test("never delay: the caller reads the first chunk while the provider is still streaming", async () => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const encoder = new TextEncoder();
  const slowProvider: typeof fetch = async () =>
    new Response(
      new ReadableStream({
        async start(controller) {
          controller.enqueue(encoder.encode('data: {"model":"gpt-4o","choices":[]}\n\n'));
          await held;
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
          controller.close();
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  const wrapped = wrapFetch(slowProvider, { apiKey: "br_test", endpoint: ingest.url });
  const response = await wrapped("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    body: "{}",
  });
  const reader = response.body!.getReader();
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /gpt-4o/);
  release();
  const rest = await reader.read();
  assert.match(new TextDecoder().decode(rest.value), /DONE/);
  assert.equal((await reader.read()).done, true);
});

test("a caller's cancel reaches the provider's stream", async () => {
  let cancelled: unknown;
  const endless: typeof fetch = async () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          controller.enqueue(new TextEncoder().encode("data: {}\n\n"));
        },
        cancel(reason) {
          cancelled = reason;
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  const wrapped = wrapFetch(endless, { apiKey: "br_test", endpoint: ingest.url });
  const response = await wrapped("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    body: "{}",
  });
  const reader = response.body!.getReader();
  await reader.read();
  await reader.cancel("user stopped");
  assert.equal(cancelled, "user stopped");
});
