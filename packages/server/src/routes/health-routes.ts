import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { SERVER_VERSION } from "../version.js";

const startedAt = Date.now();

/** `GET /v1/health`: unauthenticated liveness and storage readiness, for load balancers. */
export function healthRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/v1/health", async (c) => {
    const { storage } = c.var;
    let storageOk = true;
    try {
      await storage.ping();
    } catch {
      storageOk = false;
    }
    const { state, failMode } = c.var.budgets;
    let budgetsOk = true;
    try {
      await state.ping();
    } catch {
      budgetsOk = false;
    }
    // A budget state that is down degrades enforcement (fail-open or fail-closed), not ingest: still 200.
    return c.json(
      {
        status: storageOk && budgetsOk ? "ok" : "degraded",
        version: SERVER_VERSION,
        storage: { backend: storage.backend, ok: storageOk },
        budgets: {
          state: state.kind,
          ok: budgetsOk,
          failMode,
          ...(budgetsOk
            ? {}
            : {
                enforcement:
                  failMode === "open"
                    ? "failing open: calls are allowed"
                    : "failing closed: calls are refused",
              }),
        },
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      },
      storageOk ? 200 : 503,
    );
  });
  return app;
}
