import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  loadServerSecret,
  openStorage,
  resolveDatabaseUrl,
  resolveDataDir,
  SQLITE_FILE,
} from "@burnrate/server";
import { MissingLedgerError, type Storage } from "@burnrate/storage";
import { CliError } from "./cli-error.js";

export interface DataDirOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** The data dir and the PostgreSQL URL (if any) of the flags and environment; a bad URL is a usage error. */
export function resolveStorageOptions(options: DataDirOptions): { dataDir: string; databaseUrl?: string } {
  const dataDir = resolveDataDir(options.dataDir);
  try {
    const databaseUrl = resolveDatabaseUrl(options.databaseUrl);
    return databaseUrl === undefined ? { dataDir } : { dataDir, databaseUrl };
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/**
 * Opens the ledger directly, whether or not a server runs on it: the data dir's SQLite file (WAL
 * lets both work at once), or the PostgreSQL database of --database-url / BURNRATE_DATABASE_URL.
 */
export async function withStorage<T>(
  options: DataDirOptions,
  work: (storage: Storage, context: { secret: string; dataDir: string }) => Promise<T>,
  { create = false } = {},
): Promise<T> {
  const { dataDir, databaseUrl } = resolveStorageOptions(options);
  if (databaseUrl === undefined && !create && !existsSync(join(dataDir, SQLITE_FILE))) {
    throw new CliError(
      `no burnrate ledger in ${dataDir}: pass --data-dir (or BURNRATE_DATA_DIR), or run "burnrate serve" there first`,
    );
  }
  const secret = loadServerSecret(dataDir);
  let storage: Storage;
  try {
    storage = await openStorage(
      { dataDir, secret, ...(databaseUrl === undefined ? {} : { databaseUrl }) },
      { mustExist: !create },
    );
  } catch (error) {
    if (error instanceof MissingLedgerError) throw new CliError(error.message);
    throw error;
  }
  try {
    return await work(storage, { secret, dataDir });
  } finally {
    await storage.close();
  }
}
