import type { Kysely } from "kysely";
import type { ApiKeyRecord, ApiKeyScope, KeyStore } from "../storage.js";
import type { ApiKeysTable, Database } from "./database-schema.js";

function toRecord(row: ApiKeysTable): ApiKeyRecord {
  const record: ApiKeyRecord = {
    id: row.id,
    keyHash: row.key_hash,
    projectId: row.project_id,
    scope: row.scope as ApiKeyScope,
    prefix: row.prefix,
    createdAt: Number(row.created_at),
  };
  if (row.name !== null) record.name = row.name;
  if (row.revoked_at !== null) record.revokedAt = Number(row.revoked_at);
  return record;
}

/** API keys on any SQL backend the builder speaks. */
export class KyselyKeyStore implements KeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("projects")
        .values({ id: record.projectId, created_at: record.createdAt })
        .onConflict((conflict) => conflict.column("id").doNothing())
        .execute();
      await trx
        .insertInto("api_keys")
        .values({
          id: record.id,
          key_hash: record.keyHash,
          project_id: record.projectId,
          scope: record.scope,
          name: record.name ?? null,
          prefix: record.prefix,
          created_at: record.createdAt,
          revoked_at: null,
        })
        .execute();
    });
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom("api_keys")
      .selectAll()
      .where("key_hash", "=", keyHash)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async list(projectId?: string): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("id");
    if (projectId !== undefined) query = query.where("project_id", "=", projectId);
    return (await query.execute()).map(toRecord);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const found = await this.db
      .selectFrom("api_keys")
      .select("revoked_at")
      .where("id", "=", id)
      .executeTakeFirst();
    if (found === undefined) return false;
    if (found.revoked_at === null) {
      await this.db.updateTable("api_keys").set({ revoked_at: at }).where("id", "=", id).execute();
    }
    return true;
  }
}
