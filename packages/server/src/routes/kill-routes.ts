import { randomUUID } from "node:crypto";
import { ERROR_CODES } from "@burnrate/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { killRequestSchema, liftRequestSchema } from "../budgets/budget-request-schemas.js";
import { presentKill } from "../budgets/present-budget.js";
import { HttpError } from "../http/http-error.js";
import { parseWithSchema } from "../http/parse-with-schema.js";
import { readJsonBody } from "../http/read-json-body.js";

/**
 * Kill switches: `POST /v1/kills` stops every call in a scope (an agent, a feature, a customer, the
 * whole project) at every instance within a second; `DELETE /v1/kills/:id` lifts it, recording
 * who lifted it, when and why. Both are logged.
 */
export function killRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/v1/kills", requireScope("read"), async (c) => {
    const includeLifted = c.req.query("includeLifted") === "true";
    const kills = await c.var.storage.kills.list(c.var.apiKey.projectId, { includeLifted });
    return c.json({ kills: kills.map(presentKill) });
  });

  app.post("/v1/kills", requireScope("admin"), async (c) => {
    const body = parseWithSchema(killRequestSchema, await readJsonBody(c), "kill switch");
    const { projectId, id: keyId } = c.var.apiKey;
    const kill = {
      id: `kill_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
      projectId,
      scope: body.scope,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      createdAt: Date.now(),
      createdBy: keyId,
    };
    await c.var.storage.kills.create(kill);
    await c.var.budgets.refresh();
    console.info(
      `burnrate: kill switch ${kill.id} set in project ${projectId} on ${JSON.stringify(kill.scope)} by ${keyId}`,
    );
    return c.json(presentKill(kill), 201);
  });

  app.delete("/v1/kills/:id", requireScope("admin"), async (c) => {
    const text = await c.req.text();
    const body = parseWithSchema(liftRequestSchema, text.trim() === "" ? {} : safeJson(text), "lift");
    const { projectId, id: keyId } = c.var.apiKey;
    const lifted = await c.var.storage.kills.lift(projectId, c.req.param("id"), {
      at: Date.now(),
      by: keyId,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
    });
    if (lifted === undefined)
      throw new HttpError(
        404,
        ERROR_CODES.notFound,
        `no active kill switch "${c.req.param("id")}" in this project`,
      );
    await c.var.budgets.refresh();
    console.info(`burnrate: kill switch ${lifted.id} lifted in project ${projectId} by ${keyId}`);
    return c.json(presentKill(lifted));
  });

  return app;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, ERROR_CODES.invalidJson, "the request body is not valid JSON");
  }
}
