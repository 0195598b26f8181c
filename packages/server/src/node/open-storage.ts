import { join } from "node:path";
import {
  migratePostgresDatabase,
  migrateSqliteDatabase,
  openPostgresStorage,
  openSqliteStorage,
  redactDatabaseUrl,
  type Storage,
} from "@burnrate/storage";

export const SQLITE_FILE = "burnrate.db";

export interface StorageConfig {
  dataDir: string;
  /** postgres://… selects the shared PostgreSQL backend; unset, the SQLite file in the data dir. */
  databaseUrl?: string;
  synchronous?: "full" | "normal";
}

/** Where the ledger lives, fit for a log line: the SQLite file, or the database URL without its password. */
export function describeStorage(config: StorageConfig): string {
  return config.databaseUrl === undefined
    ? join(config.dataDir, SQLITE_FILE)
    : redactDatabaseUrl(config.databaseUrl);
}

/**
 * Opens (and migrates) the configured backend. With `mustExist`, a PostgreSQL database where
 * burnrate never ran is refused with MissingLedgerError instead of being set up.
 */
export async function openStorage(
  config: StorageConfig & { secret: string },
  { mustExist = false } = {},
): Promise<Storage> {
  if (config.databaseUrl !== undefined) {
    return openPostgresStorage({ url: config.databaseUrl, sealKey: config.secret, mustExist });
  }
  return openSqliteStorage({
    file: join(config.dataDir, SQLITE_FILE),
    sealKey: config.secret,
    ...(config.synchronous === undefined ? {} : { synchronous: config.synchronous }),
  });
}

/** Applies the migrations the configured database lacks (`burnrate db migrate`); returns the versions applied. */
export async function migrateStorage(config: StorageConfig): Promise<number[]> {
  if (config.databaseUrl !== undefined) return migratePostgresDatabase({ url: config.databaseUrl });
  return migrateSqliteDatabase(join(config.dataDir, SQLITE_FILE));
}
