import { join } from "node:path";
import { openSqliteStorage, type Storage } from "@burnrate/storage";

export const SQLITE_FILE = "burnrate.db";

export interface StorageConfig {
  dataDir: string;
  secret: string;
  synchronous?: "full" | "normal";
}

/** Opens the configured backend: the embedded SQLite file in the data dir. */
export function openStorage(config: StorageConfig): Storage {
  return openSqliteStorage({
    file: join(config.dataDir, SQLITE_FILE),
    sealKey: config.secret,
    ...(config.synchronous === undefined ? {} : { synchronous: config.synchronous }),
  });
}
