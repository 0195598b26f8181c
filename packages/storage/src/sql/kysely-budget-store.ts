import type { BudgetPolicy } from "@burnrate/core";
import type { Kysely } from "kysely";
import type { BudgetRecord, BudgetStore } from "../budget-ports.js";
import type { BudgetsTable, Database } from "./database-schema.js";

const toRecord = (row: BudgetsTable): BudgetRecord => ({
  id: row.id,
  projectId: row.project_id,
  policy: JSON.parse(row.policy) as BudgetPolicy,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** Budget policies on any SQL backend the builder speaks (the policy is kept as JSON). */
export class KyselyBudgetStore implements BudgetStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(record: BudgetRecord): Promise<void> {
    const policy = JSON.stringify(record.policy);
    await this.db
      .insertInto("budgets")
      .values({
        project_id: record.projectId,
        id: record.id,
        policy,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .onConflict((conflict) =>
        conflict.columns(["project_id", "id"]).doUpdateSet({ policy, updated_at: record.updatedAt }),
      )
      .execute();
  }

  async get(projectId: string, id: string): Promise<BudgetRecord | undefined> {
    const row = await this.db
      .selectFrom("budgets")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async list(projectId?: string): Promise<BudgetRecord[]> {
    let query = this.db.selectFrom("budgets").selectAll();
    if (projectId !== undefined) query = query.where("project_id", "=", projectId);
    const rows = await query.orderBy("project_id").orderBy("created_at").orderBy("id").execute();
    return rows.map(toRecord);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("budgets")
      .where("project_id", "=", projectId)
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
