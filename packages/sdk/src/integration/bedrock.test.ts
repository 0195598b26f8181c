import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { flush, withBurnrate, wrapFetch } from "../index.js";
import { type LedgerHarness, startLedgerHarness } from "./ledger-harness.js";

// No AWS client here (it would sign with credentials); the wire is what the capture reads.
let harness: LedgerHarness;
let trackedFetch: typeof fetch;

before(async () => {
  harness = await startLedgerHarness();
  trackedFetch = wrapFetch(globalThis.fetch, {
    apiKey: harness.apiKey,
    endpoint: harness.server.url,
    providers: harness.providers,
  });
});
after(() => harness.close());

describe("Bedrock through wrapFetch lands in a real ledger", () => {
  test("ConverseStream (AWS event-stream framing) and Claude InvokeModel", async () => {
    await withBurnrate({ taskId: "bedrock" }, async () => {
      const model = encodeURIComponent("us.anthropic.claude-sonnet-4-20250514-v1:0");
      const stream = await trackedFetch(`${harness.provider.url}/bedrock/model/${model}/converse-stream`, {
        method: "POST",
        body: "{}",
      });
      const bytes = new Uint8Array(await stream.arrayBuffer());
      assert.match(new TextDecoder().decode(bytes), /CANARY-7f3a/);
      const invoked = await trackedFetch(`${harness.provider.url}/bedrock/model/${model}/invoke`, {
        method: "POST",
        body: "{}",
      });
      assert.match(await invoked.text(), /CANARY-7f3a/);
    });
    await flush();
    const entries = await harness.entriesWithTask("bedrock");
    assert.deepEqual(
      entries.map((entry) => [
        entry.provider,
        entry.model,
        entry.inputTokens,
        entry.outputTokens,
        entry.cacheReadTokens,
        (entry.metadata as { stream?: unknown } | undefined)?.stream,
      ]),
      [
        ["bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0", 27 + 1024, 9, 1024, true],
        ["bedrock", "claude-sonnet-4-20250514", 22 + 512, 14, 512, false],
      ],
    );
  });
});
