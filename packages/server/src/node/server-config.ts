import { resolve } from "node:path";
import { resolveDatabaseUrl } from "./database-url.js";

/** 8789: clear of the usual dev servers (3000, 5173, 8080, 8000, 8888). */
export const DEFAULT_PORT = 8789;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_DATA_DIR = ".burnrate";

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… for the shared PostgreSQL backend; unset, SQLite in the data dir. */
  databaseUrl?: string;
  maxBodyBytes?: number;
  synchronous?: "full" | "normal";
  /** redis://… to share budget counters, reservations and kill switches across instances. */
  redisUrl?: string;
  /** Prefix of every Redis key, so deployments can share a Redis (default "burnrate:"). */
  redisPrefix?: string;
  /** What budget enforcement does when Redis cannot be reached (default open). */
  budgetFailMode?: "open" | "closed";
}

export interface ServerFlags {
  port?: string | number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
}

function parsePort(value: string | number, origin: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${origin} must be a port number (0-65535), got "${value}"`);
  return port;
}

/** Flags win over environment variables, which win over defaults. */
export function resolveServerConfig(flags: ServerFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const config: ServerConfig = {
    port:
      flags.port !== undefined
        ? parsePort(flags.port, "--port")
        : env.BURNRATE_PORT
          ? parsePort(env.BURNRATE_PORT, "BURNRATE_PORT")
          : DEFAULT_PORT,
    host: flags.host ?? env.BURNRATE_HOST ?? DEFAULT_HOST,
    dataDir: resolveDataDir(flags.dataDir, env),
  };
  const databaseUrl = resolveDatabaseUrl(flags.databaseUrl, env);
  if (databaseUrl !== undefined) config.databaseUrl = databaseUrl;
  if (env.BURNRATE_MAX_BODY_BYTES) {
    const bytes = Number(env.BURNRATE_MAX_BODY_BYTES);
    if (!Number.isInteger(bytes) || bytes < 1024)
      throw new Error("BURNRATE_MAX_BODY_BYTES must be a whole number of bytes >= 1024");
    config.maxBodyBytes = bytes;
  }
  const sync = env.BURNRATE_SQLITE_SYNCHRONOUS?.toLowerCase();
  if (sync !== undefined && sync !== "") {
    if (sync !== "full" && sync !== "normal")
      throw new Error('BURNRATE_SQLITE_SYNCHRONOUS must be "full" or "normal"');
    config.synchronous = sync;
  }
  if (env.BURNRATE_REDIS_URL) {
    if (!/^rediss?:\/\//.test(env.BURNRATE_REDIS_URL))
      throw new Error("BURNRATE_REDIS_URL must start with redis:// or rediss://");
    config.redisUrl = env.BURNRATE_REDIS_URL;
  }
  if (env.BURNRATE_REDIS_PREFIX) config.redisPrefix = env.BURNRATE_REDIS_PREFIX;
  const failMode = env.BURNRATE_BUDGET_FAIL_MODE?.toLowerCase();
  if (failMode !== undefined && failMode !== "") {
    if (failMode !== "open" && failMode !== "closed")
      throw new Error('BURNRATE_BUDGET_FAIL_MODE must be "open" or "closed"');
    config.budgetFailMode = failMode;
  }
  return config;
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.BURNRATE_DATA_DIR ?? DEFAULT_DATA_DIR);
}
