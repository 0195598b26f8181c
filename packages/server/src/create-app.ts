import { createEventPricer, ERROR_CODES, type EventPrice, type PricedFields } from "@burnrate/core";
import type { Storage } from "@burnrate/storage";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env.js";
import { KeyResolver } from "./auth/key-resolver.js";
import { errorBody, respondToError } from "./http/http-error.js";
import { agentRoutes } from "./routes/agent-routes.js";
import { healthRoutes } from "./routes/health-routes.js";
import { homePage } from "./routes/home-page.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
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
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The whole HTTP API as a web-standard Hono app; the Node adapter (node/) serves it. */
export function createApp(options: AppOptions) {
  const keyResolver = new KeyResolver(options.storage.keys, options.secret, options.keyCacheTtlMs);
  const maxSize = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const priceEvent = options.priceEvent ?? createEventPricer();
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("storage", options.storage);
    c.set("keyResolver", keyResolver);
    c.set("priceEvent", priceEvent);
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
  app.notFound((c) =>
    c.json(errorBody(ERROR_CODES.notFound, `no route for ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError(respondToError);
  return app;
}
