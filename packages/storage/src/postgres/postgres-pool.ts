import pg from "pg";

/** BIGINT columns hold epoch ms, token counts and nano-dollars: all safe integers, read as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 && format !== "binary"
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresPoolOptions {
  /** postgres://user:password@host:port/database; `?options=-c search_path=…` picks a schema. */
  url: string;
  /** Connections in the pool (default 10). */
  max?: number;
}

/** A node-postgres pool whose BIGINTs come back as numbers and whose idle-connection errors never crash the process. */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    types,
  });
  // A connection dropped while idle is discarded by the pool; the next query opens a new one.
  pool.on("error", () => {});
  return pool;
}
