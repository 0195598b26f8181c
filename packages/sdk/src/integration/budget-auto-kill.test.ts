import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { type BudgetOptions, flush, withBurnrate, wrapFetch } from "../index.js";
import { type LedgerHarness, startLedgerHarness } from "./ledger-harness.js";

let harness: LedgerHarness;

before(async () => {
  harness = await startLedgerHarness();
});
after(() => harness.close());

function clients(budget: BudgetOptions) {
  const trackedFetch = wrapFetch(globalThis.fetch, {
    apiKey: harness.apiKey,
    endpoint: harness.server.url,
    providers: harness.providers,
    budget,
  });
  const base = harness.provider.url;
  return {
    trackedFetch,
    openai: new OpenAI({ apiKey: "sk-test", baseURL: `${base}/openai/v1`, fetch: trackedFetch }),
    anthropic: new Anthropic({ apiKey: "sk-ant-test", baseURL: `${base}/anthropic`, fetch: trackedFetch }),
  };
}

const chat = { model: "gpt-4o", messages: [{ role: "user" as const, content: "hi" }] };
const message = {
  model: "claude-sonnet-4-0",
  max_tokens: 8,
  messages: [{ role: "user" as const, content: "hi" }],
};

async function warningsFor(taskId: string) {
  await flush();
  return (await harness.entriesWithTask(taskId)).filter((entry) => entry.operation === "budget_warning");
}

describe("Auto Kill: budget enforcement in-process, with the official clients", () => {
  test("block: once the server-priced spend reaches the limit, the clients raise their own rate-limit errors and the provider is not called", async () => {
    const { openai, anthropic, trackedFetch } = clients({ dailyLimitUsd: 0.000001, action: "block" });
    await withBurnrate({ taskId: "block" }, async () => {
      await openai.chat.completions.create(chat);
      await flush(); // the call's cost is quoted by the server in the background
      const callsBefore = harness.provider.requests.length;
      await assert.rejects(openai.chat.completions.create(chat), (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.code, "BR_ERR_BUDGET_EXCEEDED");
        assert.match(error.message, /daily budget of \$0\.000001 reached/);
        return true;
      });
      await assert.rejects(anthropic.messages.create(message), Anthropic.RateLimitError);
      const gemini = await trackedFetch(
        `${harness.provider.url}/gemini/v1beta/models/gemini-2.5-flash:generateContent`,
        {
          method: "POST",
          body: "{}",
        },
      );
      assert.equal(gemini.status, 429);
      assert.equal(
        ((await gemini.json()) as { error: { status: string } }).error.status,
        "RESOURCE_EXHAUSTED",
      );
      assert.equal(harness.provider.requests.length, callsBefore, "the provider was never called");
    });
    const warnings = await warningsFor("block");
    assert.deepEqual(
      warnings.map((entry) => {
        const metadata = entry.metadata as Record<string, unknown>;
        return [entry.provider, entry.inputTokens, metadata.callProvider, metadata.limit, metadata.blocked];
      }),
      [
        ["burnrate", undefined, "openai", "daily", true],
        ["burnrate", undefined, "anthropic", "daily", true],
        ["burnrate", undefined, "gemini", "daily", true],
      ],
    );
  });

  for (const action of ["warn", "log"] as const) {
    test(`${action}: the call goes through and a budget_warning event names the limit and the spend`, async () => {
      const { openai } = clients({ monthlyLimitUsd: 0, action });
      const warn = console.warn;
      const warned: unknown[] = [];
      console.warn = (...args: unknown[]) => warned.push(args);
      try {
        await withBurnrate({ taskId: action }, async () => {
          const completion = await openai.chat.completions.create(chat);
          assert.match(completion.choices[0]?.message.content ?? "", /CANARY-7f3a/);
        });
      } finally {
        console.warn = warn;
      }
      assert.equal(warned.length, action === "warn" ? 1 : 0);
      const [warning, ...rest] = await warningsFor(action);
      assert.equal(rest.length, 0);
      assert.equal(warning?.inputTokens, undefined);
      assert.deepEqual(warning?.metadata, {
        limit: "monthly",
        limitUsd: 0,
        spentUsd: 0,
        action,
        blocked: false,
        callProvider: "openai",
        endpoint: "chat_completions",
        callModel: "gpt-4o",
      });
      const calls = (await harness.entriesWithTask(action)).filter((entry) => entry.operation === "llm_call");
      assert.equal(calls[0]?.inputTokens, 1117);
    });
  }
});
