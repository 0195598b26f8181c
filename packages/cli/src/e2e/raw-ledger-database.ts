import { join } from "node:path";
import { schemaForDataDir, testBackend } from "@burnrate/testkit";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";

/** The test backend's database behind a data dir, opened around burnrate, to inspect and tamper with. */
export interface RawLedgerDatabase {
  rows(sql: string): Promise<unknown[]>;
  /** Runs `sql` with the ledger's append-only UPDATE guard switched off, as an attacker with database access would. */
  tamper(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openRawLedgerDatabase(dataDir: string): Promise<RawLedgerDatabase> {
  if (testBackend() === "sqlite") {
    const db = new BetterSqlite3(join(dataDir, "burnrate.db"));
    return {
      rows: async (sql) => db.prepare(sql).all(),
      tamper: async (sql) => {
        db.exec("DROP TRIGGER ledger_entries_no_update");
        db.exec(sql);
      },
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: (await schemaForDataDir(dataDir)).url });
  await client.connect();
  return {
    rows: async (sql) => (await client.query(sql)).rows,
    tamper: async (sql) => {
      await client.query("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update");
      await client.query(sql);
    },
    close: () => client.end(),
  };
}
