import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import OpenAI from "openai";
import { flush, withBurnrate, wrapFetch } from "../index.js";
import { type LedgerHarness, startLedgerHarness } from "./ledger-harness.js";

let harness: LedgerHarness;
let admin: string;
before(async () => {
  harness = await startLedgerHarness();
  admin = (await harness.server.createKey("acme", "admin")).key;
});
after(() => harness.close());

function openai(endpoint = harness.server.url) {
  const trackedFetch = wrapFetch(globalThis.fetch, {
    apiKey: harness.apiKey,
    endpoint,
    providers: harness.providers,
    budget: { authorizeWithServer: true, action: "block" },
  });
  return new OpenAI({
    apiKey: "sk-test",
    baseURL: `${harness.provider.url}/openai/v1`,
    fetch: trackedFetch,
    maxRetries: 0,
  });
}

const chat = { model: "gpt-4o", max_tokens: 200, messages: [{ role: "user" as const, content: "hi" }] };
const providerCalls = () => harness.provider.requests.length;

test("authorizeWithServer: concurrent calls stop at the server's block budget before reaching the provider", async () => {
  const created = await harness.server.call(admin, "/v1/budgets", {
    json: {
      id: "authz",
      scope: { featureId: "authz" },
      window: { kind: "daily" },
      limitUsd: 0.01,
      action: "block",
    },
  });
  assert.equal(created.status, 201);
  const client = openai();
  const before = providerCalls();
  const outcomes = await withBurnrate({ featureId: "authz" }, () =>
    Promise.all(
      Array.from({ length: 12 }, () =>
        client.chat.completions.create(chat).then(
          () => "ok",
          (error: unknown) => {
            assert.ok(error instanceof OpenAI.RateLimitError, String(error));
            assert.match(error.message, /budget "authz" would be exceeded/);
            return "refused";
          },
        ),
      ),
    ),
  );
  const ok = outcomes.filter((outcome) => outcome === "ok").length;
  // Each call's worst case is about $0.002 (200 output tokens at $10/M, plus the prompt): four fit in $0.01.
  assert.ok(ok >= 1 && ok < 12, `${ok} of 12 went through`);
  assert.equal(providerCalls() - before, ok, "refused calls never reached the provider");
  await flush();
  const status = (await (await harness.server.call(admin, "/v1/budgets/authz")).json()) as {
    status: { spentUsd: number; reservedUsd: number; requests: number };
  };
  assert.equal(status.status.reservedUsd, 0, "every reservation was settled by its event");
  assert.equal(status.status.requests, ok);
  assert.ok(status.status.spentUsd > 0 && status.status.spentUsd <= 0.01);
});

test("authorizeWithServer: a kill switch on an agent stops its calls with the provider's own 429", async () => {
  const kill = await harness.server.call(admin, "/v1/kills", {
    json: { scope: { agentId: "looper" }, reason: "runaway" },
  });
  assert.equal(kill.status, 201);
  const client = openai();
  const before = providerCalls();
  await withBurnrate({ agentId: "looper" }, async () => {
    await assert.rejects(client.chat.completions.create(chat), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.match(error.message, /kill switch .* \(runaway\)/);
      return true;
    });
  });
  assert.equal(providerCalls(), before);
  await withBurnrate({ agentId: "other" }, () => client.chat.completions.create(chat));
  assert.equal(providerCalls(), before + 1);
});

test("authorizeWithServer: a server that is down lets calls through", async () => {
  const client = openai("http://127.0.0.1:1");
  const before = providerCalls();
  const started = performance.now();
  await client.chat.completions.create(chat);
  assert.equal(providerCalls(), before + 1);
  assert.ok(performance.now() - started < 2000);
});
