import type { Storage } from "@burnrate/storage";
import { BudgetAlertNotifier } from "./budget-alert-notifier.js";
import { BudgetGuard, type FailMode } from "./budget-guard.js";
import { BudgetRegistry } from "./budget-registry.js";
import type { BudgetState } from "./budget-state.js";
import { CounterSeeder } from "./counter-seeder.js";
import { InMemoryBudgetState } from "./in-memory-budget-state.js";
import { WebhookDeliverer, type WebhookDeliveryOptions } from "./webhook-deliverer.js";

export interface BudgetGuardOptions {
  storage: Storage;
  /** The server secret: webhook signing secrets are derived from it. */
  secret: string;
  /** Counters and reservations; in this process when absent. */
  state?: BudgetState;
  failMode?: FailMode;
  /** How often budgets and kill switches are re-read from storage (default 500 ms). */
  refreshMs?: number;
  delivery?: WebhookDeliveryOptions;
}

export interface BudgetGuardService {
  guard: BudgetGuard;
  deliverer: WebhookDeliverer;
  /** Loads budgets and kill switches, then keeps them fresh. */
  start(): Promise<void>;
  /** Stops refreshing, waits for deliveries in flight, closes the state. */
  close(): Promise<void>;
}

/** Wires the guard: registry (what budgets exist), state (counters), seeder (ledger → counters), alerts. */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuardService {
  const state = options.state ?? new InMemoryBudgetState();
  const registry = new BudgetRegistry(options.storage, options.refreshMs);
  const deliverer = new WebhookDeliverer(options.storage, options.secret, options.delivery);
  const notifier = new BudgetAlertNotifier(options.storage, deliverer);
  const seeder = new CounterSeeder(options.storage, state);
  const guard = new BudgetGuard(registry, state, seeder, notifier, options.failMode);
  return {
    guard,
    deliverer,
    start: () => registry.start(),
    async close() {
      registry.close();
      await deliverer.idle();
      await state.close();
    },
  };
}
