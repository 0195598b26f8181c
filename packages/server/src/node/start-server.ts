import type { AddressInfo } from "node:net";
import type { Storage } from "@burnrate/storage";
import { serve } from "@hono/node-server";
import { createBudgetGuard } from "../budgets/create-budget-guard.js";
import { openRedisBudgetState } from "../budgets/open-redis-budget-state.js";
import type { WebhookDeliveryOptions } from "../budgets/webhook-deliverer.js";
import { createApp } from "../create-app.js";
import { assertSecretSealsLedger } from "./assert-secret-seals-ledger.js";
import { openStorage } from "./open-storage.js";
import { resolvePricesFile } from "./prices-file.js";
import type { ServerConfig } from "./server-config.js";
import { loadServerSecret } from "./server-secret.js";
import { UserPricesWatcher } from "./user-prices-watcher.js";

export interface RunningServer {
  url: string;
  port: number;
  storage: Storage;
  budgets: ReturnType<typeof createBudgetGuard>;
  /** Stops accepting connections, lets requests in flight finish, then closes the store. */
  close(): Promise<void>;
}

/** Opens the store and serves the API on Node. */
export async function startServer(
  config: ServerConfig,
  /** Tests shorten webhook retries and the budget refresh. */
  tuning: { delivery?: WebhookDeliveryOptions; budgetRefreshMs?: number } = {},
): Promise<RunningServer> {
  const secret = loadServerSecret(config.dataDir);
  const prices = new UserPricesWatcher(resolvePricesFile(config.dataDir));
  const storage = await openStorage({
    dataDir: config.dataDir,
    secret,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.synchronous ? { synchronous: config.synchronous } : {}),
  });
  if (storage.backend === "postgres") {
    await assertSecretSealsLedger(storage, secret).catch(async (error) => {
      await storage.close();
      throw error;
    });
  }
  const budgets = createBudgetGuard({
    storage,
    secret,
    ...(config.redisUrl === undefined
      ? {}
      : {
          state: await openRedisBudgetState({
            url: config.redisUrl,
            ...(config.redisPrefix === undefined ? {} : { keyPrefix: config.redisPrefix }),
          }),
        }),
    ...(config.budgetFailMode === undefined ? {} : { failMode: config.budgetFailMode }),
    ...(tuning.delivery === undefined ? {} : { delivery: tuning.delivery }),
    ...(tuning.budgetRefreshMs === undefined ? {} : { refreshMs: tuning.budgetRefreshMs }),
  });
  await budgets.start();
  const app = createApp({
    storage,
    secret,
    budgets: budgets.guard,
    priceEvent: prices.priceEvent,
    ...(config.maxBodyBytes ? { maxBodyBytes: config.maxBodyBytes } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(instance),
    );
    instance.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    storage,
    budgets,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      prices.close();
      await budgets.close();
      await storage.close();
    },
  };
}
