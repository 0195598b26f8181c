import type { Kysely } from "kysely";
import { type Agent, type AgentPatch, type AgentStore, StorageConflictError } from "../storage.js";
import type { AgentsTable, Database } from "./database-schema.js";

function toAgent(row: AgentsTable): Agent {
  const agent: Agent = {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    tags: JSON.parse(row.tags) as string[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.description !== null) agent.description = row.description;
  if (row.metadata !== null) agent.metadata = JSON.parse(row.metadata) as Record<string, unknown>;
  if (row.archived_at !== null) agent.archivedAt = Number(row.archived_at);
  return agent;
}

/** The agents registry on any SQL backend the builder speaks. */
export class KyselyAgentStore implements AgentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(agent: Agent): Promise<void> {
    const result = await this.db
      .insertInto("agents")
      .values({
        project_id: agent.projectId,
        id: agent.id,
        name: agent.name,
        description: agent.description ?? null,
        tags: JSON.stringify(agent.tags),
        metadata: agent.metadata === undefined ? null : JSON.stringify(agent.metadata),
        created_at: agent.createdAt,
        updated_at: agent.updatedAt,
        archived_at: agent.archivedAt ?? null,
      })
      .onConflict((conflict) => conflict.columns(["project_id", "id"]).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
      throw new StorageConflictError(`agent "${agent.id}" already exists in this project`);
    }
  }

  async get(projectId: string, id: string): Promise<Agent | undefined> {
    const row = await this.db
      .selectFrom("agents")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined ? undefined : toAgent(row);
  }

  async list(projectId: string, options: { includeArchived?: boolean } = {}): Promise<Agent[]> {
    let query = this.db.selectFrom("agents").selectAll().where("project_id", "=", projectId);
    if (!options.includeArchived) query = query.where("archived_at", "is", null);
    return (await query.orderBy("created_at").orderBy("id").execute()).map(toAgent);
  }

  async update(projectId: string, id: string, patch: AgentPatch, at: number): Promise<Agent | undefined> {
    const current = await this.get(projectId, id);
    if (current === undefined) return undefined;
    const changes: Partial<AgentsTable> = { updated_at: at };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.tags !== undefined) changes.tags = JSON.stringify(patch.tags);
    if (patch.metadata !== undefined) changes.metadata = JSON.stringify(patch.metadata);
    if (patch.archived !== undefined)
      changes.archived_at = patch.archived ? (current.archivedAt ?? at) : null;
    await this.db
      .updateTable("agents")
      .set(changes)
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .execute();
    return this.get(projectId, id);
  }

  async existing(projectId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("agents")
      .select("id")
      .where("project_id", "=", projectId)
      .where("id", "in", [...new Set(ids)])
      .execute();
    return new Set(rows.map((row) => row.id));
  }
}
