import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadServerSecret, openStorage, resolveDataDir, SQLITE_FILE } from "@burnrate/server";
import type { Storage } from "@burnrate/storage";
import { CliError } from "./cli-error.js";

export interface DataDirOptions {
  dataDir?: string;
}

/**
 * Opens the store of a data dir directly, whether or not a server runs on it
 * (SQLite in WAL mode lets both work at once).
 */
export async function withStorage<T>(
  options: DataDirOptions,
  work: (storage: Storage, context: { secret: string; dataDir: string }) => Promise<T>,
  { create = false } = {},
): Promise<T> {
  const dataDir = resolveDataDir(options.dataDir);
  if (!create && !existsSync(join(dataDir, SQLITE_FILE))) {
    throw new CliError(
      `no burnrate ledger in ${dataDir}: pass --data-dir (or BURNRATE_DATA_DIR), or run "burnrate serve" there first`,
    );
  }
  const secret = loadServerSecret(dataDir);
  const storage = openStorage({ dataDir, secret });
  try {
    return await work(storage, { secret, dataDir });
  } finally {
    await storage.close();
  }
}
