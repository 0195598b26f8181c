import type { BudgetPolicy, BudgetScope } from "@burnrate/core";

/**
 * The storage ports of budgets and guardrails (issue 7). The rows here are configuration and an
 * audit trail, not money: spend lives only in the ledger, and budget counters are rebuilt from it.
 */

export interface BudgetRecord {
  id: string;
  projectId: string;
  policy: BudgetPolicy;
  createdAt: number;
  updatedAt: number;
}

export interface BudgetStore {
  /** Creates or replaces a budget (same project and id). */
  put(record: BudgetRecord): Promise<void>;
  get(projectId: string, id: string): Promise<BudgetRecord | undefined>;
  /** A project's budgets, or every project's when none is given (what each instance polls). */
  list(projectId?: string): Promise<BudgetRecord[]>;
  /** False when there was no such budget. */
  delete(projectId: string, id: string): Promise<boolean>;
}

/** A manual stop on every call in a scope; lifting it keeps the row, with who lifted it and why. */
export interface KillSwitch {
  id: string;
  projectId: string;
  scope: BudgetScope;
  reason?: string;
  createdAt: number;
  /** The API key id that set it. */
  createdBy?: string;
  liftedAt?: number;
  liftedBy?: string;
  liftReason?: string;
}

export interface KillSwitchStore {
  create(kill: KillSwitch): Promise<void>;
  /** Lifts an active kill switch; undefined when there is none with this id or it was lifted already. */
  lift(
    projectId: string,
    id: string,
    lifted: { at: number; by?: string; reason?: string },
  ): Promise<KillSwitch | undefined>;
  /** Active kill switches of a project, or of every project; lifted ones too when asked. */
  list(projectId?: string, options?: { includeLifted?: boolean }): Promise<KillSwitch[]>;
}

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface AlertWebhook {
  id: string;
  projectId: string;
  url: string;
  format: WebhookFormat;
  createdAt: number;
}

/** An alert that fired: its key (budget, window, kind, threshold) is claimed once across every instance. */
export interface FiredAlert {
  projectId: string;
  key: string;
  budgetId: string;
  kind: "threshold" | "blocked" | "warning";
  threshold: number;
  windowStart: number;
  spentNanos: number;
  limitNanos: number;
  firedAt: number;
}

/** One attempt to deliver an alert to one webhook. */
export interface AlertDelivery {
  id: string;
  projectId: string;
  alertKey: string;
  webhookId: string;
  attempt: number;
  ok: boolean;
  responseStatus?: number;
  error?: string;
  at: number;
}

export interface AlertStore {
  createWebhook(webhook: AlertWebhook): Promise<void>;
  listWebhooks(projectId: string): Promise<AlertWebhook[]>;
  deleteWebhook(projectId: string, id: string): Promise<boolean>;
  /** Records an alert unless its key fired already: true only for the one caller that claimed it. */
  claim(alert: FiredAlert): Promise<boolean>;
  listFired(projectId: string, options?: { since?: number; limit?: number }): Promise<FiredAlert[]>;
  recordDelivery(delivery: AlertDelivery): Promise<void>;
  /** Newest first. */
  listDeliveries(
    projectId: string,
    options?: { alertKey?: string; limit?: number },
  ): Promise<AlertDelivery[]>;
}
