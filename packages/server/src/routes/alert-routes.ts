import { randomUUID } from "node:crypto";
import { ERROR_CODES } from "@burnrate/core";
import type { AlertWebhook } from "@burnrate/storage";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { webhookRequestSchema } from "../budgets/budget-request-schemas.js";
import { webhookSecret } from "../budgets/webhook-secret.js";
import { HttpError } from "../http/http-error.js";
import { parseWithSchema } from "../http/parse-with-schema.js";
import { readJsonBody } from "../http/read-json-body.js";

const iso = (ms: number) => new Date(ms).toISOString();
const presentWebhook = (webhook: AlertWebhook) => ({
  id: webhook.id,
  url: webhook.url,
  format: webhook.format,
  createdAt: iso(webhook.createdAt),
});

/** Alert webhooks (admin), the alerts that fired, and every delivery attempt. */
export function alertRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/v1/webhooks", requireScope("admin"), async (c) => {
    const webhooks = await c.var.storage.alerts.listWebhooks(c.var.apiKey.projectId);
    return c.json({ webhooks: webhooks.map(presentWebhook) });
  });

  app.post("/v1/webhooks", requireScope("admin"), async (c) => {
    const body = parseWithSchema(webhookRequestSchema, await readJsonBody(c), "webhook");
    const { projectId } = c.var.apiKey;
    const webhook = {
      id: `whk_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
      projectId,
      url: body.url,
      format: body.format,
      createdAt: Date.now(),
    };
    await c.var.storage.alerts.createWebhook(webhook);
    const secret = await webhookSecret(c.var.secret, projectId, webhook.id);
    return c.json({ ...presentWebhook(webhook), secret }, 201);
  });

  app.get("/v1/webhooks/:id/secret", requireScope("admin"), async (c) => {
    const { projectId } = c.var.apiKey;
    const found = (await c.var.storage.alerts.listWebhooks(projectId)).find(
      (webhook) => webhook.id === c.req.param("id"),
    );
    if (found === undefined)
      throw new HttpError(404, ERROR_CODES.notFound, `no webhook "${c.req.param("id")}" in this project`);
    return c.json({ id: found.id, secret: await webhookSecret(c.var.secret, projectId, found.id) });
  });

  app.delete("/v1/webhooks/:id", requireScope("admin"), async (c) => {
    if (!(await c.var.storage.alerts.deleteWebhook(c.var.apiKey.projectId, c.req.param("id"))))
      throw new HttpError(404, ERROR_CODES.notFound, `no webhook "${c.req.param("id")}" in this project`);
    return c.body(null, 204);
  });

  app.get("/v1/alerts", requireScope("read"), async (c) => {
    const fired = await c.var.storage.alerts.listFired(c.var.apiKey.projectId, { limit: 200 });
    return c.json({
      alerts: fired.map((alert) => ({
        key: alert.key,
        budgetId: alert.budgetId,
        kind: alert.kind,
        threshold: alert.threshold,
        windowStart: iso(alert.windowStart),
        spentUsd: alert.spentNanos / 1e9,
        limitUsd: alert.limitNanos / 1e9,
        firedAt: iso(alert.firedAt),
      })),
    });
  });

  app.get("/v1/alerts/deliveries", requireScope("read"), async (c) => {
    const alertKey = c.req.query("alertKey");
    const deliveries = await c.var.storage.alerts.listDeliveries(c.var.apiKey.projectId, {
      limit: 200,
      ...(alertKey === undefined ? {} : { alertKey }),
    });
    return c.json({
      deliveries: deliveries.map((delivery) => ({
        id: delivery.id,
        alertKey: delivery.alertKey,
        webhookId: delivery.webhookId,
        attempt: delivery.attempt,
        ok: delivery.ok,
        responseStatus: delivery.responseStatus ?? null,
        error: delivery.error ?? null,
        at: iso(delivery.at),
      })),
    });
  });

  return app;
}
