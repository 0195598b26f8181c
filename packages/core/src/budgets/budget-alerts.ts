import { nanosToUsd, usdToNanos } from "../money.js";
import type { BudgetPolicy } from "./budget-policy.js";

/**
 * One alert: a budget's spend reached a threshold, a call was blocked, or a warn or log budget was
 * passed (a call let through over its limit), in one window.
 */
export interface BudgetAlert {
  budgetId: string;
  budgetName?: string;
  projectId: string;
  kind: "threshold" | "blocked" | "warning";
  /** The fraction of the limit reached (1 = the limit). */
  threshold: number;
  windowStart: number;
  spentNanos: number;
  limitNanos: number;
  at: number;
}

/** The key that makes an alert fire once per budget, window and threshold. */
export const alertKey = (alert: Pick<BudgetAlert, "budgetId" | "windowStart" | "kind" | "threshold">) =>
  `${alert.budgetId}@${alert.windowStart}:${alert.kind}:${alert.threshold}`;

/**
 * The thresholds a budget's spend has reached in this window that have not fired yet: each fires
 * once per window, however many calls pass it, and a new window starts over.
 */
export function newThresholdAlerts(
  budget: {
    id: string;
    name?: string;
    projectId: string;
    policy: Pick<BudgetPolicy, "limitUsd" | "alertThresholds">;
  },
  windowStart: number,
  spentNanos: number,
  fired: ReadonlySet<string>,
  at: number,
): BudgetAlert[] {
  const limitNanos = usdToNanos(budget.policy.limitUsd);
  return budget.policy.alertThresholds
    .filter((threshold) => spentNanos >= Math.round(threshold * limitNanos))
    .map((threshold) => ({
      budgetId: budget.id,
      ...(budget.name === undefined ? {} : { budgetName: budget.name }),
      projectId: budget.projectId,
      kind: "threshold" as const,
      threshold,
      windowStart,
      spentNanos,
      limitNanos,
      at,
    }))
    .filter((alert) => !fired.has(alertKey(alert)));
}

/** The `type` of each kind of alert in webhook bodies. */
export const ALERT_TYPES = {
  threshold: "budget.threshold_reached",
  blocked: "budget.blocked",
  warning: "budget.exceeded",
} as const;

/** The generic JSON body of an alert webhook. */
export function alertWebhookBody(alert: BudgetAlert) {
  return {
    type: ALERT_TYPES[alert.kind],
    projectId: alert.projectId,
    budget: { id: alert.budgetId, name: alert.budgetName ?? null, limitUsd: nanosToUsd(alert.limitNanos) },
    threshold: alert.threshold,
    spentUsd: nanosToUsd(alert.spentNanos),
    windowStart: new Date(alert.windowStart).toISOString(),
    at: new Date(alert.at).toISOString(),
  };
}

/** A Slack-compatible body (incoming webhooks take `text`). */
export function alertSlackBody(alert: BudgetAlert) {
  const name = alert.budgetName ?? alert.budgetId;
  const spent = `$${nanosToUsd(alert.spentNanos).toFixed(2)} of $${nanosToUsd(alert.limitNanos).toFixed(2)}`;
  const where = `budget "${name}" of project ${alert.projectId}`;
  const text = {
    blocked: `:no_entry: burnrate blocked a call: ${where} is spent (${spent}).`,
    warning: `:rotating_light: burnrate: ${where} is over its limit and calls go on (${spent}).`,
    threshold: `:warning: burnrate: ${where} reached ${Math.round(alert.threshold * 100)}% (${spent}).`,
  }[alert.kind];
  return { text };
}

/** HMAC-SHA-256 of `message` under `secret`, in hex. WebCrypto: runs on Node, Workers and browsers. */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The signature header of a webhook delivery: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body">`
 * under the webhook's secret, so receivers can check origin and freshness. WebCrypto: runs on
 * Node, Workers and browsers.
 */
export async function signWebhook(secret: string, body: string, atMs: number): Promise<string> {
  const timestamp = Math.floor(atMs / 1000);
  return `t=${timestamp},v1=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
}
