import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../sql/database-schema.js";
import { KyselyAgentStore } from "../sql/kysely-agent-store.js";
import { KyselyAlertStore } from "../sql/kysely-alert-store.js";
import { KyselyBudgetStore } from "../sql/kysely-budget-store.js";
import { KyselyKeyStore } from "../sql/kysely-key-store.js";
import { KyselyKillSwitchStore } from "../sql/kysely-kill-switch-store.js";
import type { Storage } from "../storage.js";
import { applySqliteMigrations } from "./apply-sqlite-migrations.js";
import { openSqliteConnection, type SqliteSynchronous } from "./sqlite-connection.js";
import { SqliteLedgerStore } from "./sqlite-ledger-store.js";

export interface SqliteStorageOptions {
  /** Path of the database file (created with its folder when missing). */
  file: string;
  /** Key that seals chain heads: the server secret. */
  sealKey: string;
  /** `full` (default) syncs every commit to disk; `normal` survives a process crash but not a power loss. */
  synchronous?: SqliteSynchronous;
}

/** Opens (and migrates) the embedded SQLite ledger. */
export function openSqliteStorage(options: SqliteStorageOptions): Storage {
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  // Create the file owner-only before SQLite opens it; its -wal and -shm files inherit the mode.
  closeSync(openSync(options.file, "a", 0o600));
  const synchronous = options.synchronous ?? "full";
  const db = openSqliteConnection(options.file, synchronous);
  applySqliteMigrations(db);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) });
  const ledger = new SqliteLedgerStore(kysely, { file: options.file, sealKey: options.sealKey, synchronous });
  return {
    backend: "sqlite",
    ledger,
    keys: new KyselyKeyStore(kysely),
    agents: new KyselyAgentStore(kysely),
    budgets: new KyselyBudgetStore(kysely),
    kills: new KyselyKillSwitchStore(kysely),
    alerts: new KyselyAlertStore(kysely),
    async ping() {
      db.prepare("SELECT 1").get();
    },
    async close() {
      await ledger.closeWriter();
      await kysely.destroy();
      if (db.open) db.close();
    },
  };
}
