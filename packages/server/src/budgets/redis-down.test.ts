import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

// A Redis that is not there: nothing listens on port 1 of loopback.
const NO_REDIS = "redis://127.0.0.1:1";

for (const failMode of ["open", "closed"] as const) {
  describe(`Redis down, failing ${failMode}`, () => {
    let server: TestServer;
    let admin: string;
    before(async () => {
      server = await startTestServer({ redisUrl: NO_REDIS, budgetFailMode: failMode });
      admin = (await server.createKey("down", "admin")).key;
      await server.call(admin, "/v1/budgets", {
        json: { window: { kind: "daily" }, limitUsd: 1, action: "block" },
      });
    });
    after(() => server.stop());

    test("health says enforcement is degraded and how; ingest goes on", async () => {
      const response = await fetch(`${server.url}/v1/health`);
      assert.equal(response.status, 200);
      const health = (await response.json()) as { status: string; budgets: Record<string, unknown> };
      assert.equal(health.status, "degraded");
      assert.equal(health.budgets.state, "redis");
      assert.equal(health.budgets.ok, false);
      assert.equal(health.budgets.failMode, failMode);
      assert.match(String(health.budgets.enforcement), new RegExp(`failing ${failMode}`));
      const stored = await server.call(admin, "/v1/events", {
        json: { eventId: `e-${failMode}`, provider: "openai", model: "gpt-4o", costUsd: 0.1 },
      });
      assert.equal(stored.status, 200, "events are stored whatever the budget state");
    });

    test(`authorize ${failMode === "open" ? "allows" : "refuses"} calls, and says why`, async () => {
      const started = performance.now();
      const decision = (await (
        await server.call(admin, "/v1/budget/authorize", { json: { worstCaseUsd: 0.01 } })
      ).json()) as { allowed: boolean; reason?: string; degraded?: string; reservationId?: string | null };
      assert.ok(performance.now() - started < 3000, "a down Redis fails fast");
      assert.equal(decision.allowed, failMode === "open");
      assert.match(decision.degraded ?? "", new RegExp(`unavailable.*failing ${failMode}`));
      if (failMode === "open") assert.equal(decision.reservationId, null);
      else assert.equal(decision.reason, "state_unavailable");
    });
  });
}
