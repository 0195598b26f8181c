import { randomUUID } from "node:crypto";
import {
  ALERT_TYPES,
  alertKey,
  alertSlackBody,
  alertWebhookBody,
  type BudgetAlert,
  signWebhook,
} from "@burnrate/core";
import type { AlertWebhook, Storage } from "@burnrate/storage";
import { SERVER_VERSION } from "../version.js";
import { webhookSecret } from "./webhook-secret.js";

export interface WebhookDeliveryOptions {
  /** Attempts per webhook, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the second attempt; doubled each time, with jitter (default 1 s). */
  baseDelayMs?: number;
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
}

/** 5xx, 429 and 408 are worth another try; other answers mean the receiver refuses this body. */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * Delivers alerts to a project's webhooks: a generic JSON or Slack-compatible body, signed
 * (`burnrate-signature: t=…,v1=HMAC-SHA-256("t.body")`), retried with exponential backoff and
 * jitter, every attempt recorded. Deliveries run in the background; idle() awaits them.
 */
export class WebhookDeliverer {
  readonly #pending = new Set<Promise<void>>();
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #timeoutMs: number;

  constructor(
    private readonly storage: Storage,
    private readonly serverSecret: string,
    options: WebhookDeliveryOptions = {},
  ) {
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#timeoutMs = options.timeoutMs ?? 5000;
  }

  deliver(alert: BudgetAlert): void {
    const job = this.#deliverAll(alert).catch((error) =>
      console.error("burnrate: alert delivery failed:", error instanceof Error ? error.message : error),
    );
    this.#pending.add(job);
    void job.finally(() => this.#pending.delete(job));
  }

  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  async #deliverAll(alert: BudgetAlert): Promise<void> {
    const webhooks = await this.storage.alerts.listWebhooks(alert.projectId);
    await Promise.all(webhooks.map((webhook) => this.#deliverOne(webhook, alert)));
  }

  async #deliverOne(webhook: AlertWebhook, alert: BudgetAlert): Promise<void> {
    const body = JSON.stringify(webhook.format === "slack" ? alertSlackBody(alert) : alertWebhookBody(alert));
    const secret = await webhookSecret(this.serverSecret, webhook.projectId, webhook.id);
    const key = alertKey(alert);
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt += 1) {
      const at = Date.now();
      let status: number | undefined;
      let error: string | undefined;
      try {
        const response = await fetch(webhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": `burnrate/${SERVER_VERSION}`,
            "burnrate-event": ALERT_TYPES[alert.kind],
            "burnrate-delivery": key,
            "burnrate-signature": await signWebhook(secret, body, at),
          },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        status = response.status;
        await response.body?.cancel();
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (failure) {
        error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
      }
      const ok = error === undefined;
      await this.storage.alerts.recordDelivery({
        id: `dlv_${randomUUID()}`,
        projectId: webhook.projectId,
        alertKey: key,
        webhookId: webhook.id,
        attempt,
        ok,
        ...(status === undefined ? {} : { responseStatus: status }),
        ...(error === undefined ? {} : { error: error.slice(0, 500) }),
        at,
      });
      if (ok || (status !== undefined && !retryable(status))) return;
      if (attempt < this.#maxAttempts) {
        const delay = this.#baseDelayMs * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, delay * (0.75 + Math.random() / 2)));
      }
    }
  }
}
