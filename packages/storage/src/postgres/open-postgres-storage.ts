import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { MissingLedgerError } from "../missing-ledger-error.js";
import type { Database } from "../sql/database-schema.js";
import { KyselyAgentStore } from "../sql/kysely-agent-store.js";
import { KyselyAlertStore } from "../sql/kysely-alert-store.js";
import { KyselyBudgetStore } from "../sql/kysely-budget-store.js";
import { KyselyKeyStore } from "../sql/kysely-key-store.js";
import { KyselyKillSwitchStore } from "../sql/kysely-kill-switch-store.js";
import type { Storage } from "../storage.js";
import { applyPostgresMigrations, readPostgresSchemaVersion } from "./apply-postgres-migrations.js";
import { PostgresLedgerStore } from "./postgres-ledger-store.js";
import { createPostgresPool } from "./postgres-pool.js";
import { PostgresWriterThread } from "./postgres-writer-thread.js";
import { redactDatabaseUrl, redactSecrets } from "./redact-database-url.js";

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database (the password never appears in a message). */
  url: string;
  /** Key that seals chain heads: the server secret, the same on every instance. */
  sealKey: string;
  /** Connections for reads (default 10); the writer thread opens two of its own. */
  poolSize?: number;
  /** Refuse a database where burnrate never ran instead of creating the schema (read-only commands). */
  mustExist?: boolean;
}

/** A PostgreSQL error as a message that names the database without its password. */
export function describePostgresError(error: unknown, url: string): Error {
  if (error instanceof MissingLedgerError) return error;
  const message = redactSecrets(error instanceof Error ? error.message : String(error), url);
  return new Error(`PostgreSQL at ${redactDatabaseUrl(url)}: ${message}`);
}

type ConnectOptions = Pick<PostgresStorageOptions, "url" | "poolSize" | "mustExist">;

async function withPool<T>(options: ConnectOptions, work: (pool: pg.Pool) => Promise<T>) {
  const pool = createPostgresPool({
    url: options.url,
    ...(options.poolSize ? { max: options.poolSize } : {}),
  });
  try {
    return { pool, result: await work(pool) };
  } catch (error) {
    await pool.end().catch(() => {});
    throw describePostgresError(error, options.url);
  }
}

async function migrate(pool: pg.Pool, options: ConnectOptions): Promise<number[]> {
  if (options.mustExist) {
    const client = await pool.connect();
    const version = await readPostgresSchemaVersion(client).finally(() => client.release());
    if (version === 0)
      throw new MissingLedgerError(
        `no burnrate ledger in ${redactDatabaseUrl(options.url)}: run "burnrate db migrate" or "burnrate serve" there first`,
      );
  }
  return applyPostgresMigrations(pool);
}

/** Applies the migrations the database lacks; returns the versions applied. */
export async function migratePostgresDatabase(options: ConnectOptions): Promise<number[]> {
  const { pool, result } = await withPool(options, (pool) => migrate(pool, options));
  await pool.end();
  return result;
}

/** Opens (and migrates) a PostgreSQL ledger shared by any number of burnrate instances. */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const { pool } = await withPool(options, (pool) => migrate(pool, options));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const ledger = new PostgresLedgerStore(
    kysely,
    new PostgresWriterThread({ url: options.url, sealKey: options.sealKey }),
  );
  return {
    backend: "postgres",
    ledger,
    keys: new KyselyKeyStore(kysely),
    agents: new KyselyAgentStore(kysely),
    budgets: new KyselyBudgetStore(kysely),
    kills: new KyselyKillSwitchStore(kysely),
    alerts: new KyselyAlertStore(kysely),
    async ping() {
      await pool.query("SELECT 1");
    },
    async close() {
      await ledger.closeWriter();
      // Kysely ends the pool only if it ever queried through it.
      await kysely.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}
