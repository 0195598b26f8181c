import type { BudgetScope } from "@burnrate/core";
import type { Kysely } from "kysely";
import type { KillSwitch, KillSwitchStore } from "../budget-ports.js";
import type { Database, KillSwitchesTable } from "./database-schema.js";

function toKillSwitch(row: KillSwitchesTable): KillSwitch {
  const kill: KillSwitch = {
    id: row.id,
    projectId: row.project_id,
    scope: JSON.parse(row.scope) as BudgetScope,
    createdAt: Number(row.created_at),
  };
  if (row.reason !== null) kill.reason = row.reason;
  if (row.created_by !== null) kill.createdBy = row.created_by;
  if (row.lifted_at !== null) kill.liftedAt = Number(row.lifted_at);
  if (row.lifted_by !== null) kill.liftedBy = row.lifted_by;
  if (row.lift_reason !== null) kill.liftReason = row.lift_reason;
  return kill;
}

/** Kill switches on any SQL backend: lifting one stamps the row, so the history stays. */
export class KyselyKillSwitchStore implements KillSwitchStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(kill: KillSwitch): Promise<void> {
    await this.db
      .insertInto("kill_switches")
      .values({
        project_id: kill.projectId,
        id: kill.id,
        scope: JSON.stringify(kill.scope),
        reason: kill.reason ?? null,
        created_at: kill.createdAt,
        created_by: kill.createdBy ?? null,
        lifted_at: null,
        lifted_by: null,
        lift_reason: null,
      })
      .execute();
  }

  async lift(
    projectId: string,
    id: string,
    lifted: { at: number; by?: string; reason?: string },
  ): Promise<KillSwitch | undefined> {
    const result = await this.db
      .updateTable("kill_switches")
      .set({ lifted_at: lifted.at, lifted_by: lifted.by ?? null, lift_reason: lifted.reason ?? null })
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .where("lifted_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    const row = await this.db
      .selectFrom("kill_switches")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return toKillSwitch(row);
  }

  async list(projectId?: string, options: { includeLifted?: boolean } = {}): Promise<KillSwitch[]> {
    let query = this.db.selectFrom("kill_switches").selectAll();
    if (projectId !== undefined) query = query.where("project_id", "=", projectId);
    if (!options.includeLifted) query = query.where("lifted_at", "is", null);
    const rows = await query.orderBy("project_id").orderBy("created_at").orderBy("id").execute();
    return rows.map(toKillSwitch);
  }
}
