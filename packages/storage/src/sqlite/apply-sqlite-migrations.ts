import type BetterSqlite3 from "better-sqlite3";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.js";

/** Applies the migrations this database has not seen, each in its own transaction. Returns the versions applied. */
export function applySqliteMigrations(db: BetterSqlite3.Database): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db
      .prepare("SELECT version FROM schema_migrations")
      .pluck()
      .all()
      .map((version) => Number(version)),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(...SQLITE_MIGRATIONS.map((migration) => migration.version));
  if (newest > known) {
    throw new Error(
      `the database schema is version ${newest}, newer than this burnrate knows (${known}): upgrade burnrate`,
    );
  }
  const done: number[] = [];
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
    done.push(migration.version);
  }
  return done;
}
