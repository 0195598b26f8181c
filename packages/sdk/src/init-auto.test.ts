import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type IngestRecorder, startIngestRecorder } from "@burnrate/testkit";
import {
  flush,
  initAtlasBurnAuto,
  initBurnrateAuto,
  shutdown,
  verifyAtlasBurn,
  verifyBurnrate,
  withBurnrate,
} from "./index.js";

let ingest: IngestRecorder;
before(async () => {
  ingest = await startIngestRecorder();
});
after(() => ingest.close());

test("initBurnrateAuto patches fetch once, attributes calls, and shutdown restores it", async () => {
  const original = globalThis.fetch;
  // Stands in for the network: the provider's host answers here, everything else (ingest) goes out.
  const provider: typeof fetch = async (input, init) =>
    !String(input).startsWith("https://api.openai.com")
      ? original(input, init)
      : new Response('{"model":"gpt-4o-2024-08-06","usage":{"prompt_tokens":3,"completion_tokens":1}}', {
          headers: { "content-type": "application/json" },
        });
  globalThis.fetch = provider;
  try {
    initBurnrateAuto({
      apiKey: "br_key",
      endpoint: ingest.url,
      environment: "staging",
      attribution: { userTier: "pro" },
    });
    const patched = globalThis.fetch;
    assert.notEqual(patched, provider);
    initAtlasBurnAuto({ apiKey: "other" });
    assert.equal(globalThis.fetch, patched);
    const from = ingest.bodies.length;
    await withBurnrate({ featureId: "search" }, async () => {
      await Promise.resolve();
      await withBurnrate({ taskId: "t-1" }, () =>
        fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: "{}" }).then((response) =>
          response.json(),
        ),
      );
    });
    await flush();
    const [event] = ingest.bodies
      .slice(from)
      .flatMap((body) => (JSON.parse(body) as { events: unknown[] }).events);
    assert.deepEqual(
      {
        ...(event as Record<string, unknown>),
        eventId: undefined,
        timestamp: undefined,
        latencyMs: undefined,
        metadata: undefined,
      },
      {
        eventId: undefined,
        timestamp: undefined,
        latencyMs: undefined,
        metadata: undefined,
        source: "sdk",
        provider: "openai",
        operation: "llm_call",
        sdkVersion: "0.1.0",
        model: "gpt-4o-2024-08-06",
        statusCode: 200,
        inputTokens: 3,
        outputTokens: 1,
        environment: "staging",
        userTier: "pro",
        featureId: "search",
        taskId: "t-1",
      },
    );
    await shutdown();
    assert.equal(globalThis.fetch, provider);
  } finally {
    globalThis.fetch = original;
  }
});

test("without an apiKey nothing is patched", async () => {
  const before = globalThis.fetch;
  initBurnrateAuto({});
  assert.equal(globalThis.fetch, before);
  await shutdown();
});

test("verifyBurnrate reports reachability, key validity and clock skew; never throws", async () => {
  const good = await verifyBurnrate({ apiKey: "br_key", endpoint: ingest.url });
  assert.equal(good.reachable, true);
  assert.equal(good.keyValid, true);
  assert.equal(typeof good.clockSkewMs, "number");
  ingest.replies.push({ status: 401 });
  const refused = await verifyAtlasBurn({ apiKey: "br_bad", endpoint: ingest.url });
  assert.deepEqual(
    [refused.reachable, refused.keyValid, refused.problem],
    [true, false, "the API key was refused"],
  );
  const down = await verifyBurnrate({ apiKey: "br_key", endpoint: "http://127.0.0.1:1" });
  assert.equal(down.reachable, false);
});
