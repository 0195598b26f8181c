import type { Kysely } from "kysely";
import type { AlertDelivery, AlertStore, AlertWebhook, FiredAlert, WebhookFormat } from "../budget-ports.js";
import type { AlertDeliveriesTable, Database, FiredAlertsTable } from "./database-schema.js";

const toFired = (row: FiredAlertsTable): FiredAlert => ({
  projectId: row.project_id,
  key: row.alert_key,
  budgetId: row.budget_id,
  kind: row.kind as FiredAlert["kind"],
  threshold: Number(row.threshold),
  windowStart: Number(row.window_start),
  spentNanos: Number(row.spent_nanos),
  limitNanos: Number(row.limit_nanos),
  firedAt: Number(row.fired_at),
});

function toDelivery(row: AlertDeliveriesTable): AlertDelivery {
  const delivery: AlertDelivery = {
    id: row.id,
    projectId: row.project_id,
    alertKey: row.alert_key,
    webhookId: row.webhook_id,
    attempt: Number(row.attempt),
    ok: Number(row.ok) === 1,
    at: Number(row.at),
  };
  if (row.response_status !== null) delivery.responseStatus = Number(row.response_status);
  if (row.error !== null) delivery.error = row.error;
  return delivery;
}

/** Alert webhooks, fired alerts (claimed once by their primary key) and delivery attempts. */
export class KyselyAlertStore implements AlertStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createWebhook(webhook: AlertWebhook): Promise<void> {
    await this.db
      .insertInto("alert_webhooks")
      .values({
        project_id: webhook.projectId,
        id: webhook.id,
        url: webhook.url,
        format: webhook.format,
        created_at: webhook.createdAt,
      })
      .execute();
  }

  async listWebhooks(projectId: string): Promise<AlertWebhook[]> {
    const rows = await this.db
      .selectFrom("alert_webhooks")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      projectId: row.project_id,
      url: row.url,
      format: row.format as WebhookFormat,
      createdAt: Number(row.created_at),
    }));
  }

  async deleteWebhook(projectId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("alert_webhooks")
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async claim(alert: FiredAlert): Promise<boolean> {
    const result = await this.db
      .insertInto("fired_alerts")
      .values({
        project_id: alert.projectId,
        alert_key: alert.key,
        budget_id: alert.budgetId,
        kind: alert.kind,
        threshold: alert.threshold,
        window_start: alert.windowStart,
        spent_nanos: alert.spentNanos,
        limit_nanos: alert.limitNanos,
        fired_at: alert.firedAt,
      })
      .onConflict((conflict) => conflict.columns(["project_id", "alert_key"]).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async listFired(
    projectId: string,
    options: { since?: number; limit?: number } = {},
  ): Promise<FiredAlert[]> {
    let query = this.db.selectFrom("fired_alerts").selectAll().where("project_id", "=", projectId);
    if (options.since !== undefined) query = query.where("fired_at", ">=", options.since);
    const rows = await query
      .orderBy("fired_at", "desc")
      .orderBy("alert_key")
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toFired);
  }

  async recordDelivery(delivery: AlertDelivery): Promise<void> {
    await this.db
      .insertInto("alert_deliveries")
      .values({
        project_id: delivery.projectId,
        id: delivery.id,
        alert_key: delivery.alertKey,
        webhook_id: delivery.webhookId,
        attempt: delivery.attempt,
        ok: delivery.ok ? 1 : 0,
        response_status: delivery.responseStatus ?? null,
        error: delivery.error ?? null,
        at: delivery.at,
      })
      .execute();
  }

  async listDeliveries(
    projectId: string,
    options: { alertKey?: string; limit?: number } = {},
  ): Promise<AlertDelivery[]> {
    let query = this.db.selectFrom("alert_deliveries").selectAll().where("project_id", "=", projectId);
    if (options.alertKey !== undefined) query = query.where("alert_key", "=", options.alertKey);
    const rows = await query
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toDelivery);
  }
}
