import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import type { BudgetPolicy } from "@burnrate/core";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

const DOLLAR = 1_000_000_000;
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function budget(projectId: string, policy: Omit<BudgetPolicy, "scope" | "alertThresholds">) {
  await server.storage.budgets.put({
    id: "b",
    projectId,
    policy: { scope: {}, alertThresholds: [0.5, 0.8, 1], ...policy },
    createdAt: 0,
    updatedAt: 0,
  });
  await server.budgets.guard.refresh();
}

async function spendAt(projectId: string, at: string, usd: number) {
  await server.storage.ledger.append([
    {
      projectId,
      eventId: randomUUID(),
      entryType: "event",
      timestamp: Date.parse(at),
      receivedAt: Date.parse(at),
      environment: "production",
      source: "ingest",
      provider: "openai",
      model: "gpt-4o",
      operation: "llm_call",
      costNanos: usd * DOLLAR,
      costSource: "CLIENT_SUPPLIED",
    },
  ]);
}

const allowedAt = async (projectId: string, at: string, usd: number) =>
  (
    await server.budgets.guard.authorize(
      projectId,
      {},
      { costNanos: usd * DOLLAR, tokens: 0 },
      60_000,
      Date.parse(at),
    )
  ).allowed;

test("a daily budget in Asia/Kolkata rolls over at 18:30 UTC, not at midnight UTC", async () => {
  await budget("kolkata", {
    window: { kind: "daily", timeZone: "Asia/Kolkata" },
    limitUsd: 1,
    action: "block",
  });
  await spendAt("kolkata", "2026-03-10T18:00:00Z", 0.9); // 23:30 in Kolkata
  assert.equal(await allowedAt("kolkata", "2026-03-10T18:29:59.999Z", 0.2), false);
  assert.equal(await allowedAt("kolkata", "2026-03-10T18:30:00.000Z", 0.2), true, "a new day in Kolkata");
  assert.equal(
    await allowedAt("kolkata", "2026-03-10T00:00:00.000Z", 0.2),
    false,
    "midnight UTC is mid-day there",
  );
});

test("a daily budget in Europe/Paris on the spring-forward day resets after 23 hours, at 22:00 UTC", async () => {
  await budget("paris", {
    window: { kind: "daily", timeZone: "Europe/Paris" },
    limitUsd: 1,
    action: "block",
  });
  await spendAt("paris", "2026-03-28T23:00:00Z", 0.9); // 00:00 on the 29th in Paris
  assert.equal(await allowedAt("paris", "2026-03-29T21:59:59.999Z", 0.2), false);
  assert.equal(await allowedAt("paris", "2026-03-29T22:00:00.000Z", 0.2), true);
  assert.equal(
    await allowedAt("paris", "2026-03-28T22:59:59.999Z", 0.2),
    true,
    "the day before is its own window",
  );
});

test("a monthly budget in America/New_York rolls over at 05:00 UTC on the 1st in winter", async () => {
  await budget("ny", {
    window: { kind: "monthly", timeZone: "America/New_York" },
    limitUsd: 10,
    action: "block",
  });
  await spendAt("ny", "2026-12-01T04:00:00Z", 9.5); // 23:00 on 30 November in New York
  assert.equal(await allowedAt("ny", "2026-12-01T04:59:59.999Z", 1), false);
  assert.equal(await allowedAt("ny", "2026-12-01T05:00:00.000Z", 1), true);
});

test("the state failing fails open or closed as configured", async () => {
  const { guard } = server.budgets;
  await budget("down", { window: { kind: "daily", timeZone: "UTC" }, limitUsd: 1, action: "block" });
  const reserve = guard.state.reserve;
  guard.state.reserve = async () => {
    throw new Error("connection refused");
  };
  try {
    const open = await guard.authorize("down", {}, { costNanos: DOLLAR / 10, tokens: 0 }, 1000);
    assert.equal(open.allowed, true);
    assert.match(open.degraded ?? "", /failing open/);
    Object.assign(guard, { failMode: "closed" });
    const closed = await guard.authorize("down", {}, { costNanos: DOLLAR / 10, tokens: 0 }, 1000);
    assert.equal(closed.allowed, false);
    assert.equal(!closed.allowed && closed.blockedBy.reason, "state_unavailable");
  } finally {
    guard.state.reserve = reserve;
    Object.assign(guard, { failMode: "open" });
  }
});
