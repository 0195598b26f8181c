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
    return c.json(
      {
        status: storageOk ? "ok" : "degraded",
        version: SERVER_VERSION,
        storage: { backend: storage.backend, ok: storageOk },
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      },
      storageOk ? 200 : 503,
    );
  });
  return app;
}
