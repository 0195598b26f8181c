import type pg from "pg";
import { MIGRATION_LOCK_NAMESPACE } from "./advisory-locks.js";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.js";

const LOCK = `SELECT pg_advisory_lock(${MIGRATION_LOCK_NAMESPACE}, hashtext(current_schema()))`;
const UNLOCK = `SELECT pg_advisory_unlock(${MIGRATION_LOCK_NAMESPACE}, hashtext(current_schema()))`;

/** The newest migration applied to the schema, 0 when burnrate has never run there. */
export async function readPostgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const found = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  if (!found.rows[0]?.exists) return 0;
  const result = await client.query<{ version: number | null }>(
    "SELECT max(version) AS version FROM schema_migrations",
  );
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * Applies the migrations this schema has not seen, each in its own transaction, and returns
 * the versions applied. A session advisory lock makes instances that start together take turns.
 */
export async function applyPostgresMigrations(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(LOCK);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
      const newest = await readPostgresSchemaVersion(client);
      const known = Math.max(...POSTGRES_MIGRATIONS.map((migration) => migration.version));
      if (newest > known) {
        throw new Error(
          `the database schema is version ${newest}, newer than this burnrate knows (${known}): upgrade burnrate`,
        );
      }
      const applied = new Set(
        (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
          (row) => row.version,
        ),
      );
      const done: number[] = [];
      for (const migration of POSTGRES_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            [migration.version, migration.name, Date.now()],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
        done.push(migration.version);
      }
      return done;
    } finally {
      // Ending the session releases the lock too: a connection that cannot unlock is discarded.
      await client.query(UNLOCK).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    client.release(broken);
  }
}
