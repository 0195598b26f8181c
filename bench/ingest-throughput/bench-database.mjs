import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL database of the bench: BENCH_DATABASE_URL, default the local `test` database. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

async function onDatabase(work) {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be reached (undefined when it can). */
export async function postgresUnavailable() {
  try {
    await onDatabase((client) => client.query("SELECT 1"));
    return undefined;
  } catch (error) {
    return error.message || error.code;
  }
}

/** A fresh schema for one run; `url` selects it through search_path. */
export async function createBenchSchema() {
  const schema = `burnrate_bench_${randomBytes(6).toString("hex")}`;
  await onDatabase((client) => client.query(`CREATE SCHEMA "${schema}"`));
  const separator = BENCH_DATABASE_URL.includes("?") ? "&" : "?";
  return {
    url: `${BENCH_DATABASE_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: () => onDatabase((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
  };
}
