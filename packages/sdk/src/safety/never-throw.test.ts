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
let deadEndpoint: string;

before(async () => {
  provider = await startMockProviderServer();
  ingest = await startIngestRecorder();
  const dead = await startIngestRecorder();
  deadEndpoint = dead.url;
  await dead.close();
});
after(async () => {
  await provider.close();
  await ingest.close();
});

/** What the caller sees: status and bytes, or the error's name. */
async function outcomeOf(run: () => Promise<Response>): Promise<unknown> {
  try {
    const response = await run();
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString("base64") };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

function tracked(endpoint: string, extra: Record<string, unknown> = {}): typeof fetch {
  return wrapFetch(globalThis.fetch, {
    apiKey: "br_test",
    endpoint,
    providers: { [`${provider.url}/openai`]: "openai" },
    retryBaseDelayMs: 1,
    requestTimeoutMs: 200,
    ...extra,
  });
}

test("never throw: ingest down, hanging or refusing the key; malformed and truncated streams", async () => {
  ingest.replies.push("hang", { status: 401 }, { status: 503, headers: { "retry-after": "0" } });
  const cases = ["gpt-4o", "malformed-stream", "truncated-stream", "fail-500"];
  for (const endpoint of [deadEndpoint, ingest.url]) {
    const trackedFetch = tracked(endpoint);
    for (const model of cases) {
      const body = JSON.stringify({ model, stream: model !== "gpt-4o" && model !== "fail-500" });
      const url = `${provider.url}/openai/v1/chat/completions`;
      const plain = await outcomeOf(() => fetch(url, { method: "POST", body }));
      const withSdk = await outcomeOf(() => trackedFetch(url, { method: "POST", body }));
      assert.deepEqual(withSdk, plain, `${model} with ingest at ${endpoint}`);
    }
  }
  await flush();
});

test("fuzz: random bytes as SSE, JSON and JSON arrays, split anywhere, reach the caller unchanged", async () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pieces = [
    "data: ",
    "{",
    '"usage":',
    "{",
    "}",
    "\r",
    "\n",
    "[DONE]",
    "event: x",
    ":",
    '"',
    "\\",
    "]",
    ",",
  ];
  const types = ["text/event-stream", "application/json", "application/octet-stream"];
  for (let round = 0; round < 200; round++) {
    const parts: Uint8Array[] = [];
    const count = 1 + Math.floor(random() * 12);
    for (let index = 0; index < count; index++) {
      parts.push(
        random() < 0.5
          ? new TextEncoder().encode(
              pieces[Math.floor(random() * pieces.length)]!.repeat(1 + Math.floor(random() * 3)),
            )
          : Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
      );
    }
    const expected = Buffer.concat(parts).toString("base64");
    const contentType = types[round % types.length]!;
    const fake: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
        { headers: { "content-type": contentType } },
      );
    const wrapped = wrapFetch(fake, { apiKey: "br_test", endpoint: ingest.url, maxJsonBodyBytes: 64 });
    const target =
      round % 2 === 0
        ? "https://api.openai.com/v1/chat/completions"
        : "https://generativelanguage.googleapis.com/v1beta/models/g:streamGenerateContent";
    const response = await wrapped(target, { method: "POST", body: "{not json" });
    assert.equal(Buffer.from(await response.arrayBuffer()).toString("base64"), expected);
  }
  await flush();
});

test("a JSON body over maxJsonBodyBytes is passed through whole and recorded with tokens unknown", async () => {
  const huge = JSON.stringify({
    model: "gpt-4o",
    padding: "x".repeat(3_000_000),
    usage: { prompt_tokens: 5 },
  });
  const fake: typeof fetch = async () =>
    new Response(huge, { headers: { "content-type": "application/json" } });
  const before = ingest.bodies.length;
  const wrapped = wrapFetch(fake, { apiKey: "br_test", endpoint: ingest.url, maxJsonBodyBytes: 1_000_000 });
  const response = await wrapped("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    body: "{}",
  });
  assert.equal(await response.text(), huge);
  await flush();
  const events = ingest.bodies
    .slice(before)
    .flatMap((body) => (JSON.parse(body) as { events: Record<string, unknown>[] }).events);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.inputTokens, undefined);
  assert.deepEqual(events[0]?.metadata, { ...(events[0]?.metadata as object), usageReported: false });
});
