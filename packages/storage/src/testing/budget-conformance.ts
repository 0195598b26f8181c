import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { BudgetPolicy } from "@burnrate/core";
import type { FiredAlert } from "../budget-ports.js";
import type { Storage } from "../storage.js";
import { makeEntry } from "./storage-conformance.js";

const T0 = Date.UTC(2026, 10, 1);
const policy: BudgetPolicy = {
  name: "daily",
  scope: { agentId: "bot" },
  window: { kind: "daily", timeZone: "Europe/Paris" },
  limitUsd: 10,
  action: "block",
  alertThresholds: [0.5, 0.8, 1],
};

/** The budget, kill-switch and alert stores' contract; `open` returns a fresh, empty store. */
export function runBudgetConformance(backend: string, open: () => Promise<Storage>): void {
  describe(`budget storage conformance: ${backend}`, () => {
    let storage: Storage;
    before(async () => {
      storage = await open();
    });
    after(async () => {
      await storage.close();
    });

    test("budgets: put creates then replaces, scoped by project, delete", async () => {
      const record = { id: "b1", projectId: "p1", policy, createdAt: T0, updatedAt: T0 };
      await storage.budgets.put(record);
      await storage.budgets.put({ ...record, projectId: "p2" });
      assert.deepEqual(await storage.budgets.get("p1", "b1"), record);
      const changed = { ...policy, limitUsd: 12.5, action: "warn" as const };
      await storage.budgets.put({ ...record, policy: changed, createdAt: T0 + 50, updatedAt: T0 + 99 });
      assert.deepEqual(await storage.budgets.get("p1", "b1"), {
        ...record,
        policy: changed,
        updatedAt: T0 + 99,
      });
      assert.equal((await storage.budgets.list("p1")).length, 1);
      assert.equal((await storage.budgets.list()).length, 2);
      assert.equal(await storage.budgets.get("p3", "b1"), undefined);
      assert.equal(await storage.budgets.delete("p1", "b1"), true);
      assert.equal(await storage.budgets.delete("p1", "b1"), false);
      assert.deepEqual(
        (await storage.budgets.list()).map((budget) => budget.projectId),
        ["p2"],
      );
    });

    test("kill switches: active until lifted, lifted once, history kept", async () => {
      await storage.kills.create({
        id: "k1",
        projectId: "p1",
        scope: { agentId: "bot" },
        reason: "runaway loop",
        createdAt: T0,
        createdBy: "key_a",
      });
      await storage.kills.create({ id: "k2", projectId: "p2", scope: {}, createdAt: T0 + 1 });
      assert.deepEqual(
        (await storage.kills.list()).map((kill) => kill.id),
        ["k1", "k2"],
      );
      assert.deepEqual((await storage.kills.list("p1"))[0]?.scope, { agentId: "bot" });
      const lifted = await storage.kills.lift("p1", "k1", { at: T0 + 5, by: "key_b", reason: "fixed" });
      assert.equal(lifted?.liftedAt, T0 + 5);
      assert.equal(lifted?.liftedBy, "key_b");
      assert.equal(lifted?.liftReason, "fixed");
      assert.equal(await storage.kills.lift("p1", "k1", { at: T0 + 6 }), undefined);
      assert.equal(await storage.kills.lift("p2", "k1", { at: T0 + 6 }), undefined);
      assert.deepEqual(await storage.kills.list("p1"), []);
      assert.equal((await storage.kills.list("p1", { includeLifted: true }))[0]?.reason, "runaway loop");
    });

    test("alerts: webhooks per project, a key is claimed once, deliveries newest first", async () => {
      await storage.alerts.createWebhook({
        id: "w1",
        projectId: "p1",
        url: "https://hooks.example/a",
        format: "slack",
        createdAt: T0,
      });
      assert.equal((await storage.alerts.listWebhooks("p1"))[0]?.format, "slack");
      assert.deepEqual(await storage.alerts.listWebhooks("p2"), []);
      const alert: FiredAlert = {
        projectId: "p1",
        key: "b1@123:threshold:0.5",
        budgetId: "b1",
        kind: "threshold",
        threshold: 0.5,
        windowStart: 123,
        spentNanos: 5_000_000_000,
        limitNanos: 10_000_000_000,
        firedAt: T0,
      };
      const claims = await Promise.all([1, 2, 3, 4].map(() => storage.alerts.claim(alert)));
      assert.equal(claims.filter(Boolean).length, 1);
      assert.equal(await storage.alerts.claim({ ...alert, projectId: "p2" }), true);
      assert.deepEqual(await storage.alerts.listFired("p1"), [alert]);
      for (const attempt of [1, 2])
        await storage.alerts.recordDelivery({
          id: `d${attempt}`,
          projectId: "p1",
          alertKey: alert.key,
          webhookId: "w1",
          attempt,
          ok: attempt === 2,
          ...(attempt === 1 ? { responseStatus: 500, error: "HTTP 500" } : { responseStatus: 200 }),
          at: T0 + attempt,
        });
      const deliveries = await storage.alerts.listDeliveries("p1", { alertKey: alert.key });
      assert.deepEqual(
        deliveries.map((delivery) => [delivery.attempt, delivery.ok, delivery.responseStatus]),
        [
          [2, true, 200],
          [1, false, 500],
        ],
      );
      assert.equal(deliveries[1]?.error, "HTTP 500");
      assert.deepEqual(await storage.alerts.listDeliveries("p2"), []);
      assert.equal(await storage.alerts.deleteWebhook("p1", "w1"), true);
      assert.equal(await storage.alerts.deleteWebhook("p1", "w1"), false);
    });

    test("the key an event came with is stored, hashed and filterable", async () => {
      await storage.ledger.append([
        makeEntry("p1", "e1", { apiKeyId: "key_a" }),
        makeEntry("p1", "e2", { apiKeyId: "key_b" }),
        makeEntry("p1", "e3"),
      ]);
      const page = await storage.ledger.query({
        projectId: "p1",
        apiKeyId: "key_a",
        order: "asc",
        limit: 10,
      });
      assert.deepEqual(
        page.entries.map((entry) => [entry.eventId, entry.apiKeyId]),
        [["e1", "key_a"]],
      );
      const rows = await storage.ledger.spendSummary({
        projectId: "p1",
        from: T0 - 1000,
        to: T0 + 1000,
        groupBy: [],
        filters: { apiKeyId: "key_b" },
      });
      assert.equal(rows[0]?.events, 1);
    });
  });
}
