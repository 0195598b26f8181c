import { createEventPricer, ERROR_CODES, type EventPrice, type PricedFields } from "@burnrate/core";
import type { Storage } from "@burnrate/storage";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env.js";
import { KeyResolver } from "./auth/key-resolver.js";
import type { BudgetGuard } from "./budgets/budget-guard.js";
import { createBudgetGuard } from "./budgets/create-budget-guard.js";
import { errorBody, respondToError } from "./http/http-error.js";
import { agentRoutes } from "./routes/agent-routes.js";
import { alertRoutes } from "./routes/alert-routes.js";
import { budgetRoutes } from "./routes/budget-routes.js";
import { budgetsAdminRoutes } from "./routes/budgets-admin-routes.js";
import { healthRoutes } from "./routes/health-routes.js";
import { homePage } from "./routes/home-page.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { killRoutes } from "./routes/kill-routes.js";
import { ledgerRoutes } from "./routes/ledger-routes.js";
import { pricingRoutes } from "./routes/pricing-routes.js";
import { spendRoutes } from "./routes/spend-routes.js";

export interface AppOptions {
  storage: Storage;
  /** The server secret: keys API keys' HMACs and seals the ledger's chain heads. */
  secret: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** How long a key lookup is cached; a revocation takes effect within this. */
  keyCacheTtlMs?: number;
  /** Prices events that arrive without a cost; the built-in prices when absent. */
  priceEvent?: (event: PricedFields) => EventPrice;
  /** Budget enforcement; an in-process guard (started here) when absent. */
  budgets?: BudgetGuard;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The whole HTTP API as a web-standard Hono app; the Node adapter (node/) serves it. */
export function createApp(options: AppOptions) {
  const keyResolver = new KeyResolver(options.storage.keys, options.secret, options.keyCacheTtlMs);
  const maxSize = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const priceEvent = options.priceEvent ?? createEventPricer();
  const budgets = options.budgets ?? startedInProcessGuard(options.storage, options.secret);
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("storage", options.storage);
    c.set("keyResolver", keyResolver);
    c.set("priceEvent", priceEvent);
    c.set("budgets", budgets);
    c.set("secret", options.secret);
    await next();
  });
  app.use(
    bodyLimit({
      maxSize,
      // The rest of the body is left unread, so the connection cannot be reused: say so.
      onError: (c) =>
        c.json(
          errorBody(
            ERROR_CODES.payloadTooLarge,
            `the request body exceeds the ${maxSize}-byte limit: send smaller batches`,
          ),
          413,
          {
            connection: "close",
          },
        ),
    }),
  );
  app.route("/", homePage());
  app.route("/", healthRoutes());
  app.route("/", ingestRoutes());
  app.route("/", agentRoutes());
  app.route("/", ledgerRoutes());
  app.route("/", pricingRoutes());
  app.route("/", spendRoutes());
  app.route("/", budgetRoutes());
  app.route("/", budgetsAdminRoutes());
  app.route("/", killRoutes());
  app.route("/", alertRoutes());
  app.notFound((c) =>
    c.json(errorBody(ERROR_CODES.notFound, `no route for ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError(respondToError);
  return app;
}

/** For callers that build the app alone (tests, embedding): budgets in this process, loaded in the background. */
function startedInProcessGuard(storage: Storage, secret: string): BudgetGuard {
  const service = createBudgetGuard({ storage, secret });
  service
    .start()
    .catch((error) =>
      console.error("burnrate: budgets could not be loaded:", error instanceof Error ? error.message : error),
    );
  return service.guard;
}
