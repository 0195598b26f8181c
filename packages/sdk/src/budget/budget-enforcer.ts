import type { ProviderCall } from "@burnrate/core/providers";
import type { Attribution, ResolvedBudget } from "../options.js";
import { checkBudget } from "./budget-guard.js";
import { buildBudgetEvent } from "./build-budget-event.js";
import { createCalendarWindows } from "./calendar-windows.js";
import { createLocalSpend } from "./local-spend.js";
import { quoteCostNanos, type ServerAccess } from "./quote-cost.js";
import { createRateLimitResponse } from "./rate-limit-response.js";
import { createServerBudgetPoller } from "./server-budget-status.js";

export interface GateRequest {
  call: ProviderCall;
  attribution: Attribution;
  requestModel: () => string | undefined;
}

export interface BudgetEnforcer {
  /** On the call's path: a synthetic 429 when the call is blocked, else undefined. */
  gate(request: GateRequest): Response | undefined;
  /** Off the call's path: adds a recorded call's cost (provider-reported, or quoted by the server). */
  observe(event: Record<string, unknown>): void;
  /** Re-reads the server's budget status now (it is also re-read on a timer). */
  refreshServerStatus(): Promise<void>;
  /** Resolves when every cost being quoted has been added. */
  settled(): Promise<void>;
  close(): void;
}

const MAX_PENDING_QUOTES = 200;

/**
 * The Auto Kill protocol, evaluated in-process: local spend (costs quoted by the server in the
 * background) and the server's last budget status. `block` answers the provider's own 429
 * without calling it; every over-budget call, blocked or not, leaves a `budget_warning` event.
 */
export function createBudgetEnforcer(
  budget: ResolvedBudget,
  server: ServerAccess,
  hooks: { enqueue(event: Record<string, unknown>): void; warn(message: string): void; environment?: string },
): BudgetEnforcer {
  const windows = createCalendarWindows(budget.timeZone);
  const local = createLocalSpend(windows);
  const poller = createServerBudgetPoller(server, {
    intervalMs: budget.refreshIntervalMs,
    windows,
    clock: budget.clock,
  });
  const pending = new Set<Promise<void>>();
  const warnedIn = new Set<string>();
  const track = (task: Promise<void>) => {
    const settled: Promise<void> = task.catch(() => undefined).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  return {
    gate(request) {
      const now = budget.clock();
      const breach = checkBudget(budget, local, poller.current(now), now);
      if (breach === undefined) return undefined;
      if (budget.action === "warn") {
        const key = `${breach.limit}:${windows(now).day}`;
        if (!warnedIn.has(key))
          hooks.warn(`[burnrate] ${breach.limit} budget reached (spent $${breach.spentUsd})`);
        warnedIn.add(key);
      }
      // Built after the call has gone out: the request body is parsed off its path.
      const task = Promise.resolve().then(() => {
        const model = request.requestModel() ?? request.call.urlModel;
        hooks.enqueue(
          buildBudgetEvent(request.call, breach, budget.action, {
            atMs: now,
            ...(model === undefined ? {} : { model }),
            attribution: request.attribution,
            ...(hooks.environment === undefined ? {} : { environment: hooks.environment }),
          }),
        );
      });
      track(task);
      if (budget.action !== "block") return undefined;
      return createRateLimitResponse(request.call, breach, budget.refreshIntervalMs / 1000);
    },
    observe(event) {
      const atMs = Date.parse(String(event.timestamp));
      if (typeof event.costUsd === "number") return local.add(Math.round(event.costUsd * 1e9), atMs);
      const hasTokens = event.inputTokens !== undefined || event.outputTokens !== undefined;
      if (!hasTokens || pending.size >= MAX_PENDING_QUOTES) return;
      track(
        quoteCostNanos(event, server).then((nanos) => {
          if (nanos !== undefined) local.add(nanos, atMs);
        }),
      );
    },
    refreshServerStatus: () => poller.refresh(),
    async settled() {
      await Promise.all(pending);
    },
    close: () => poller.close(),
  };
}
