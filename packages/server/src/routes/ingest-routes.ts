import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { ingestEvents } from "./ingest-events.js";

/** `POST /v1/events` (the SDK's batches) and `POST /api/ingest` (AgentBurn-style: one event or up to 1,000). */
export function ingestRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/v1/events", requireScope("ingest"), (c) => ingestEvents(c, "sdk"));
  app.post("/api/ingest", requireScope("ingest"), (c) => ingestEvents(c, "ingest"));
  return app;
}
