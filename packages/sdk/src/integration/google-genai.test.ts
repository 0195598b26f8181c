import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ApiError, GoogleGenAI } from "@google/genai";
import { flush, initBurnrateAuto, shutdown, withBurnrate } from "../index.js";
import { type LedgerHarness, startLedgerHarness } from "./ledger-harness.js";

// @google/genai takes no fetch option: it calls the global fetch, so this file uses initBurnrateAuto.
let harness: LedgerHarness;
let genai: GoogleGenAI;

before(async () => {
  harness = await startLedgerHarness();
  initBurnrateAuto({ apiKey: harness.apiKey, endpoint: harness.server.url, providers: harness.providers });
  genai = new GoogleGenAI({
    apiKey: "gemini-test",
    httpOptions: { baseUrl: `${harness.provider.url}/gemini` },
  });
});
after(async () => {
  await shutdown();
  await harness.close();
});

async function ledgerFor(taskId: string, run: () => Promise<unknown>) {
  await withBurnrate({ taskId }, run);
  await flush();
  return harness.entriesWithTask(taskId);
}

describe("@google/genai, through initBurnrateAuto, lands in a real ledger", () => {
  test("generateContent: thoughts are output, cached tokens part of the input, the server prices it", async () => {
    const [entry, ...rest] = await ledgerFor("gg-json", async () => {
      const response = await genai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" });
      assert.match(response.text ?? "", /CANARY-7f3a/);
    });
    assert.equal(rest.length, 0);
    assert.equal(entry?.provider, "gemini");
    assert.equal(entry?.model, "gemini-2.5-flash");
    assert.equal(entry?.inputTokens, 1208);
    assert.equal(entry?.outputTokens, 84 + 449);
    assert.equal(entry?.cacheReadTokens, 1024);
    assert.equal(entry?.reasoningTokens, 449);
    assert.equal(entry?.costSource, "PROVIDER_REGISTRY");
    assert.ok((entry?.costNanos ?? 0) > 0);
  });

  test("generateContentStream (SSE): the last usageMetadata counts", async () => {
    const [entry] = await ledgerFor("gg-stream", async () => {
      let text = "";
      const stream = await genai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "hi" });
      for await (const chunk of stream) text += chunk.text ?? "";
      assert.match(text, /CANARY-7f3a.*cat\./);
    });
    assert.equal(entry?.model, "gemini-2.5-flash");
    assert.equal(entry?.inputTokens, 9);
    assert.equal(entry?.outputTokens, 12 + 1025);
    assert.equal((entry?.metadata as { stream?: unknown } | undefined)?.stream, true);
    assert.ok((entry?.costNanos ?? 0) > 0);
  });

  test("429 and 500: the client raises its ApiError, the ledger has the status and no tokens", async () => {
    const entries = await ledgerFor("gg-errors", async () => {
      for (const [model, status] of [
        ["fail-429", 429],
        ["fail-500", 500],
      ] as const) {
        await assert.rejects(
          genai.models.generateContent({ model, contents: "x" }),
          (error: unknown) => error instanceof ApiError && error.status === status,
        );
      }
    });
    assert.deepEqual(
      entries.map((entry) => [entry.provider, entry.model, entry.statusCode, entry.inputTokens]),
      [
        ["gemini", "fail-429", 429, undefined],
        ["gemini", "fail-500", 500, undefined],
      ],
    );
  });
});
