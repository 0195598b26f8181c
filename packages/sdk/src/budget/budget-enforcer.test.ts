import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { detectProviderCall } from "@burnrate/core/providers";
import { createBudgetEnforcer } from "./budget-enforcer.js";

const call = detectProviderCall(new URL("https://api.openai.com/v1/chat/completions"))!;
const request = { call, attribution: { taskId: "t" }, requestModel: () => "gpt-4o" };

/** A fake burnrate server whose answers the test releases by hand. */
function heldServer() {
  const held: { url: string; answer: (response: Response) => void }[] = [];
  const fetch = ((url: string) =>
    new Promise<Response>((resolve) =>
      held.push({ url, answer: resolve }),
    )) as unknown as typeof globalThis.fetch;
  return {
    held,
    access: { fetch, endpoint: "http://burnrate.test", apiKey: "br_x", requestTimeoutMs: 1000 },
  };
}

describe("the budget enforcer", () => {
  test("the server's status is read in the background: calls are judged while the read hangs", async () => {
    const server = heldServer();
    const events: Record<string, unknown>[] = [];
    const enforcer = createBudgetEnforcer(
      { dailyLimitNanos: 1e9, action: "block", refreshIntervalMs: 60_000, clock: Date.now },
      server.access,
      { enqueue: (event) => events.push(event), warn: () => {} },
    );
    assert.equal(server.held[0]?.url, "http://burnrate.test/v1/budget");
    assert.equal(enforcer.gate(request), undefined);
    const refreshed = enforcer.refreshServerStatus();
    server.held[0]?.answer(Response.json({ dailySpendUsd: 1.5 }));
    await refreshed;
    const blocked = enforcer.gate(request);
    assert.equal(blocked?.status, 429);
    assert.equal(blocked?.headers.get("x-should-retry"), "false");
    assert.deepEqual(await blocked?.json(), {
      error: {
        message: "burnrate: daily budget of $1 reached (spent $1.5000); the call was not sent.",
        type: "rate_limit_exceeded",
        param: null,
        code: "BR_ERR_BUDGET_EXCEEDED",
      },
    });
    await enforcer.settled();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.metadata, {
      limit: "daily",
      limitUsd: 1,
      spentUsd: 1.5,
      action: "block",
      blocked: true,
      callProvider: "openai",
      endpoint: "chat_completions",
      callModel: "gpt-4o",
    });
    enforcer.close();
  });

  test("a 404 (no budget route yet) means no server budget", async () => {
    const server = heldServer();
    const enforcer = createBudgetEnforcer(
      { dailyLimitNanos: 1e9, action: "block", refreshIntervalMs: 60_000, clock: Date.now },
      server.access,
      { enqueue: () => {}, warn: () => {} },
    );
    server.held[0]?.answer(Response.json({ error: "not found" }, { status: 404 }));
    await enforcer.refreshServerStatus();
    assert.equal(enforcer.gate(request), undefined);
    enforcer.close();
  });

  test("costs are quoted off the path, and a provider-reported cost is taken as is", async () => {
    const server = heldServer();
    let now = Date.parse("2026-06-30T23:59:00Z");
    const events: Record<string, unknown>[] = [];
    const enforcer = createBudgetEnforcer(
      { dailyLimitNanos: 2e9, action: "log", refreshIntervalMs: 60_000, clock: () => now },
      server.access,
      { enqueue: (event) => events.push(event), warn: () => {} },
    );
    server.held[0]?.answer(new Response(null, { status: 404 }));
    const timestamp = new Date(now).toISOString();
    enforcer.observe({ timestamp, inputTokens: 10, outputTokens: 5, provider: "openai", model: "gpt-4o" });
    assert.equal(server.held[1]?.url, "http://burnrate.test/v1/pricing/quote");
    assert.equal(enforcer.gate(request), undefined);
    server.held[1]?.answer(Response.json({ costUsd: 1.25, costNanos: 1_250_000_000 }));
    enforcer.observe({ timestamp, costUsd: 0.75 });
    await enforcer.settled();
    assert.equal(enforcer.gate(request), undefined, "log lets the call through");
    await enforcer.settled();
    assert.deepEqual(
      events.map((event) => [event.operation, (event.metadata as { spentUsd: number }).spentUsd]),
      [["budget_warning", 2]],
    );
    now = Date.parse("2026-07-01T00:00:00Z");
    enforcer.observe({ timestamp: new Date(now).toISOString(), costUsd: 0.5 });
    assert.equal(enforcer.gate(request), undefined, "the day rolled: 0.5 of 2");
    await enforcer.settled();
    assert.equal(events.length, 1);
    enforcer.close();
  });
});
