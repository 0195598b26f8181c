import { randomUUID } from "node:crypto";
import { ERROR_CODES } from "@burnrate/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { budgetRequestSchema } from "../budgets/budget-request-schemas.js";
import { presentBudget } from "../budgets/present-budget.js";
import { HttpError } from "../http/http-error.js";
import { parseWithSchema } from "../http/parse-with-schema.js";
import { readJsonBody } from "../http/read-json-body.js";

const notFound = (id: string) =>
  new HttpError(404, ERROR_CODES.notFound, `no budget "${id}" in this project`);

/** The budgets API: list (with where each stands), create, read, replace, delete. */
export function budgetsAdminRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/v1/budgets", requireScope("read"), async (c) => {
    const { projectId } = c.var.apiKey;
    const records = await c.var.storage.budgets.list(projectId);
    const current = await c.var.budgets.usage(projectId, records);
    return c.json({
      budgets: current.map(({ record, usage, counters }) => presentBudget(record, { usage, counters })),
    });
  });

  app.post("/v1/budgets", requireScope("admin"), async (c) => {
    const { id, ...policy } = parseWithSchema(budgetRequestSchema, await readJsonBody(c), "budget");
    const { projectId } = c.var.apiKey;
    const budgetId = id ?? `bud_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    if ((await c.var.storage.budgets.get(projectId, budgetId)) !== undefined)
      throw new HttpError(
        409,
        ERROR_CODES.conflict,
        `budget "${budgetId}" already exists: PUT /v1/budgets/${budgetId} replaces it`,
      );
    const now = Date.now();
    const record = { id: budgetId, projectId, policy, createdAt: now, updatedAt: now };
    await c.var.storage.budgets.put(record);
    await c.var.budgets.refresh();
    return c.json(presentBudget(record), 201);
  });

  app.get("/v1/budgets/:id", requireScope("read"), async (c) => {
    const { projectId } = c.var.apiKey;
    const record = await c.var.storage.budgets.get(projectId, c.req.param("id"));
    if (record === undefined) throw notFound(c.req.param("id"));
    const [current] = await c.var.budgets.usage(projectId, [record]);
    return c.json(presentBudget(record, current));
  });

  app.put("/v1/budgets/:id", requireScope("admin"), async (c) => {
    const { id, ...policy } = parseWithSchema(budgetRequestSchema, await readJsonBody(c), "budget");
    const budgetId = c.req.param("id");
    if (id !== undefined && id !== budgetId)
      throw new HttpError(
        400,
        ERROR_CODES.validation,
        `the body's id "${id}" differs from the path's "${budgetId}"`,
      );
    parseWithSchema(budgetRequestSchema.shape.id, budgetId, "budget id");
    const { projectId } = c.var.apiKey;
    const existing = await c.var.storage.budgets.get(projectId, budgetId);
    const now = Date.now();
    const record = { id: budgetId, projectId, policy, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await c.var.storage.budgets.put(record);
    await c.var.budgets.refresh();
    return c.json(presentBudget(record), existing === undefined ? 201 : 200);
  });

  app.delete("/v1/budgets/:id", requireScope("admin"), async (c) => {
    if (!(await c.var.storage.budgets.delete(c.var.apiKey.projectId, c.req.param("id"))))
      throw notFound(c.req.param("id"));
    await c.var.budgets.refresh();
    return c.body(null, 204);
  });

  return app;
}
