import { alertKey, type BudgetAlert, newThresholdAlerts, usdToNanos } from "@burnrate/core";
import type { BudgetRecord, Storage } from "@burnrate/storage";
import { budgetWarningEntry } from "./budget-warning-entry.js";
import type { WebhookDeliverer } from "./webhook-deliverer.js";

const MAX_REMEMBERED = 10_000;

/**
 * Turns budget usage into alerts that fire once per budget, window and threshold across every
 * instance: each is claimed in storage (a unique key) before it is delivered, so only the
 * instance that claims it sends it. A warn or log budget that calls go past writes one
 * `budget_warning` ledger entry per window; blocks and thresholds go to the webhooks.
 * Window starts are finite (a lifetime window starts at 0).
 */
export class BudgetAlertNotifier {
  /** Keys this instance has claimed or seen claimed: most calls never reach storage. */
  readonly #seen = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  /** Settled spend changed: fire the thresholds it reached, and the warning of a passed warn or log budget. */
  async spendChanged(
    budget: BudgetRecord,
    windowStart: number,
    spentNanos: number,
    now: number,
  ): Promise<void> {
    const thresholds = newThresholdAlerts(
      {
        id: budget.id,
        projectId: budget.projectId,
        policy: budget.policy,
        ...(budget.policy.name === undefined ? {} : { name: budget.policy.name }),
      },
      windowStart,
      spentNanos,
      this.#seen,
      now,
    );
    for (const alert of thresholds) await this.#fire(budget, alert);
    if (budget.policy.action !== "block" && spentNanos > usdToNanos(budget.policy.limitUsd))
      await this.passed(budget, windowStart, spentNanos, now);
  }

  /** A block budget refused a call. */
  blocked(budget: BudgetRecord, windowStart: number, spentNanos: number, now: number): Promise<void> {
    return this.#fire(budget, this.#alert(budget, "blocked", windowStart, spentNanos, now));
  }

  /** A call was let through past a warn or log budget's limit. */
  passed(budget: BudgetRecord, windowStart: number, spentNanos: number, now: number): Promise<void> {
    return this.#fire(budget, this.#alert(budget, "warning", windowStart, spentNanos, now));
  }

  #alert(
    budget: BudgetRecord,
    kind: BudgetAlert["kind"],
    windowStart: number,
    spentNanos: number,
    at: number,
  ): BudgetAlert {
    return {
      budgetId: budget.id,
      ...(budget.policy.name === undefined ? {} : { budgetName: budget.policy.name }),
      projectId: budget.projectId,
      kind,
      threshold: 1,
      windowStart,
      spentNanos,
      limitNanos: usdToNanos(budget.policy.limitUsd),
      at,
    };
  }

  async #fire(budget: BudgetRecord, alert: BudgetAlert): Promise<void> {
    const key = alertKey(alert);
    if (this.#seen.has(key)) return;
    if (this.#seen.size >= MAX_REMEMBERED) this.#seen.clear();
    this.#seen.add(key);
    const claimed = await this.storage.alerts.claim({
      projectId: alert.projectId,
      key,
      budgetId: alert.budgetId,
      kind: alert.kind,
      threshold: alert.threshold,
      windowStart: alert.windowStart,
      spentNanos: alert.spentNanos,
      limitNanos: alert.limitNanos,
      firedAt: alert.at,
    });
    if (!claimed) return;
    if (alert.kind === "warning") await this.storage.ledger.append([budgetWarningEntry(budget, alert)]);
    // `log` budgets log silently (seed 002 §5.3): the ledger entry, no webhook.
    if (alert.kind === "warning" && budget.policy.action === "log") return;
    this.deliverer.deliver(alert);
  }
}
