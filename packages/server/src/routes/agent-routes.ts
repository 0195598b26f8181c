import { AGENT_ID_PATTERN, ERROR_CODES, metadataSchema } from "@burnrate/core";
import { type Agent, newAgent, StorageConflictError } from "@burnrate/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { HttpError, validationError } from "../http/http-error.js";
import { parseWithSchema as parse } from "../http/parse-with-schema.js";
import { readJsonBody } from "../http/read-json-body.js";

const agentId = z.string().regex(AGENT_ID_PATTERN, "must be 1-128 letters, digits or . _ : -");
const fields = {
  name: z.string({ error: "is required and must be a string" }).trim().min(1, "must not be empty").max(200),
  description: z.string().max(2000, "must be at most 2000 characters"),
  tags: z
    .array(z.string().trim().min(1).max(64), { error: "must be an array of strings" })
    .max(50, "at most 50 tags"),
  metadata: metadataSchema,
};
const createAgentSchema = z.object({
  id: agentId.optional(),
  projectId: z.string().optional(),
  name: fields.name,
  description: fields.description.optional(),
  tags: fields.tags.optional(),
  metadata: fields.metadata.optional(),
});
const patchAgentSchema = z
  .object({
    name: fields.name.optional(),
    description: fields.description.optional(),
    tags: fields.tags.optional(),
    metadata: fields.metadata.optional(),
    archived: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict();

/** An agent as the API shows it. */
export function presentAgent(agent: Agent) {
  return {
    id: agent.id,
    projectId: agent.projectId,
    name: agent.name,
    description: agent.description ?? null,
    tags: agent.tags,
    metadata: agent.metadata ?? {},
    status: agent.archivedAt === undefined ? "active" : "archived",
    createdAt: new Date(agent.createdAt).toISOString(),
    updatedAt: new Date(agent.updatedAt).toISOString(),
    archivedAt: agent.archivedAt === undefined ? null : new Date(agent.archivedAt).toISOString(),
  };
}

function notFound(id: string): HttpError {
  return new HttpError(404, ERROR_CODES.notFound, `no agent "${id}" in this project`);
}

/** The agents registry: events name an agent by its id. */
export function agentRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/api/agents", requireScope("ingest"), async (c) => {
    const input = parse(createAgentSchema, await readJsonBody(c), "agent");
    const { projectId } = c.var.apiKey;
    if (input.projectId !== undefined && input.projectId !== projectId) {
      throw validationError(
        [{ field: "projectId", message: `"${input.projectId}" is not the API key's project` }],
        "agent",
      );
    }
    const agent = newAgent(projectId, input, Date.now());
    try {
      await c.var.storage.agents.create(agent);
    } catch (error) {
      if (error instanceof StorageConflictError)
        throw new HttpError(409, ERROR_CODES.conflict, error.message);
      throw error;
    }
    return c.json(presentAgent(agent), 201);
  });

  app.get("/api/agents", requireScope("read"), async (c) => {
    const includeArchived = ["true", "1"].includes(c.req.query("includeArchived") ?? "");
    const agents = await c.var.storage.agents.list(c.var.apiKey.projectId, { includeArchived });
    return c.json({ agents: agents.map(presentAgent) });
  });

  app.get("/api/agents/:id", requireScope("read"), async (c) => {
    const agent = await c.var.storage.agents.get(c.var.apiKey.projectId, c.req.param("id"));
    if (agent === undefined) throw notFound(c.req.param("id"));
    return c.json(presentAgent(agent));
  });

  app.patch("/api/agents/:id", requireScope(), async (c) => {
    const patch = parse(patchAgentSchema, await readJsonBody(c), "agent update");
    const agent = await c.var.storage.agents.update(
      c.var.apiKey.projectId,
      c.req.param("id"),
      patch,
      Date.now(),
    );
    if (agent === undefined) throw notFound(c.req.param("id"));
    return c.json(presentAgent(agent));
  });

  app.post("/api/agents/:id/archive", requireScope(), async (c) => {
    const agent = await c.var.storage.agents.update(
      c.var.apiKey.projectId,
      c.req.param("id"),
      { archived: true },
      Date.now(),
    );
    if (agent === undefined) throw notFound(c.req.param("id"));
    return c.json(presentAgent(agent));
  });

  return app;
}
