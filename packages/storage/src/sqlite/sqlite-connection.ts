import BetterSqlite3 from "better-sqlite3";

export type SqliteSynchronous = "full" | "normal";

/** Opens a connection with the pragmas every burnrate connection uses (WAL: readers never block the writer). */
export function openSqliteConnection(
  file: string,
  synchronous: SqliteSynchronous = "full",
): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous === "normal" ? "NORMAL" : "FULL"}`);
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
