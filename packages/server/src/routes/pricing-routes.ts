import { nanosToUsd, normalizeEvent } from "@burnrate/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { validationError } from "../http/http-error.js";
import { parseInstant } from "../http/parse-instant.js";
import { readJsonBody } from "../http/read-json-body.js";

/**
 * `GET /v1/pricing/gaps`: the project's models priced by fallback economics or not at all,
 * with what they would be priced as now (after a price was added: run `burnrate prices reprice`).
 * `POST /v1/pricing/quote`: what a call with this usage costs, in the event's own shape.
 */
export function pricingRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/v1/pricing/gaps", requireScope("read"), async (c) => {
    const from = parseInstant(c.req.query("from"), "from", undefined);
    const gaps = await c.var.storage.ledger.pricingGaps(c.var.apiKey.projectId, from);
    const now = Date.now();
    return c.json({
      gaps: gaps.map((gap) => {
        const current = c.var.priceEvent({
          provider: gap.provider,
          model: gap.model,
          timestamp: now,
          inputTokens: 1,
          outputTokens: 1,
        });
        return {
          provider: gap.provider,
          model: gap.model ?? null,
          costSource: gap.costSource,
          events: gap.events,
          costUsd: nanosToUsd(gap.costNanos),
          lastSeen: new Date(gap.lastSeen).toISOString(),
          priceId: gap.priceId ?? null,
          nowPricedAs: { costSource: current.costSource, priceId: current.priceId ?? null },
        };
      }),
    });
  });
  app.post("/v1/pricing/quote", requireScope("ingest", "read"), async (c) => {
    const body = await readJsonBody(c);
    const now = Date.now();
    const normalized = normalizeEvent(body, {
      projectId: c.var.apiKey.projectId,
      defaultSource: "ingest",
      now,
      newEventId: () => "quote",
    });
    if (!normalized.ok) throw validationError(normalized.issues, "usage");
    const price = c.var.priceEvent(normalized.event);
    return c.json({
      costUsd: price.costNanos === undefined ? null : nanosToUsd(price.costNanos),
      costNanos: price.costNanos ?? null,
      costSource: price.costSource,
      priceId: price.priceId ?? null,
      priceBookVersion: price.priceBookVersion,
    });
  });
  return app;
}
