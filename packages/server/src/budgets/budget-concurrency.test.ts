import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

/**
 * The acceptance run over HTTP: 200 concurrent calls, each reserving up to $0.02 against a $1 block
 * budget, each settled by ingesting its event (cost at most its worst case) with its reservationId.
 */
test("200 concurrent calls against a $1 block budget over HTTP: spend ends at or under $1", async () => {
  const admin = (await server.createKey("burst", "admin")).key;
  const ingest = (await server.createKey("burst", "ingest")).key;
  await server.call(admin, "/v1/budgets", {
    json: { id: "cap", window: { kind: "daily" }, limitUsd: 1, action: "block" },
  });
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, async () => {
      const worstCaseUsd = Math.round((0.01 + random() * 0.01) * 1e6) / 1e6;
      const decision = (await (
        await server.call(ingest, "/v1/budget/authorize", { json: { worstCaseUsd } })
      ).json()) as { allowed: boolean; reservationId?: string };
      if (!decision.allowed) return "refused";
      const costUsd = Math.round(worstCaseUsd * (0.5 + random() / 2) * 1e6) / 1e6;
      const stored = await server.call(ingest, "/v1/events", {
        json: {
          eventId: randomUUID(),
          provider: "openai",
          model: "gpt-4o",
          costUsd,
          reservationId: decision.reservationId,
        },
      });
      assert.equal(stored.status, 200);
      return "allowed";
    }),
  );
  const status = (await (await server.call(admin, "/v1/budgets/cap")).json()) as {
    status: { spentUsd: number; reservedUsd: number; requests: number };
  };
  const allowed = outcomes.filter((outcome) => outcome === "allowed").length;
  const overshoot = Math.max(0, status.status.spentUsd - 1);
  console.log(
    `# HTTP: 200 calls, ${allowed} allowed, ${200 - allowed} refused, spent $${status.status.spentUsd}, overshoot $${overshoot}`,
  );
  assert.equal(status.status.reservedUsd, 0);
  assert.equal(status.status.requests, allowed);
  assert.ok(status.status.spentUsd <= 1, `spent ${status.status.spentUsd}`);
  assert.ok(allowed >= 50 && allowed < 200, "the budget ran out and stopped calls");
  const ledger = await server.storage.ledger.spendSummary({
    projectId: "burst",
    from: 0,
    to: Date.now() + 1000,
    groupBy: [],
  });
  assert.equal(ledger[0]!.costNanos / 1e9, status.status.spentUsd, "the counters agree with the ledger");
});
