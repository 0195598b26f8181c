import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { applySqliteMigrations } from "./apply-sqlite-migrations.js";
import { openSqliteConnection } from "./sqlite-connection.js";

/** Creates the file when missing and applies the migrations it lacks; returns the versions applied. */
export function migrateSqliteDatabase(file: string): number[] {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  const db = openSqliteConnection(file);
  try {
    return applySqliteMigrations(db);
  } finally {
    db.close();
  }
}
