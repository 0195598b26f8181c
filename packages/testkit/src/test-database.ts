import { createHash, randomBytes } from "node:crypto";
import { resolve } from "node:path";
import pg from "pg";

/**
 * The test suites run on SQLite, and again on PostgreSQL when BURNRATE_TEST_BACKEND=postgres
 * (scripts/run-tests.mjs does both). On PostgreSQL every store gets its own fresh schema, picked
 * through the URL's search_path, so test files run in parallel against one database.
 */
export const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export type TestBackend = "sqlite" | "postgres";

export function testBackend(): TestBackend {
  return process.env.BURNRATE_TEST_BACKEND === "postgres" ? "postgres" : "sqlite";
}

/** The PostgreSQL database the tests use (BURNRATE_TEST_DATABASE_URL, default the local `test` database). */
export function testDatabaseUrl(): string {
  return process.env.BURNRATE_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** Test schemas are named with this prefix; the test runner drops its own run's schemas at the end. */
function schemaPrefix(): string {
  return process.env.BURNRATE_TEST_SCHEMA_PREFIX || "burnrate_test_";
}

/** The test database's URL with `schema` first on the search_path. */
export function urlWithSchema(schema: string, base = testDatabaseUrl()): string {
  const separator = base.includes("?") ? "&" : "?";
  return `${base}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function onTestDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestSchema {
  schema: string;
  /** The test database's URL, with this schema as the search_path. */
  url: string;
  drop(): Promise<void>;
}

async function createSchema(schema: string): Promise<TestSchema> {
  await onTestDatabase((client) => client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)).catch((error) => {
    // Two processes creating the same schema at once: the loser sees a duplicate, which is fine.
    if (!["42P06", "23505"].includes((error as { code?: string }).code ?? "")) throw error;
  });
  return {
    schema,
    url: urlWithSchema(schema),
    drop: () =>
      onTestDatabase((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => {}),
  };
}

/** A fresh, empty schema of the test database. */
export function createTestSchema(): Promise<TestSchema> {
  return createSchema(`${schemaPrefix()}${randomBytes(8).toString("hex")}`);
}

const dataDirSchemas = new Map<string, Promise<TestSchema>>();

/**
 * The schema that stands for a data dir on PostgreSQL, so that every CLI run and server process
 * pointed at one data dir shares one ledger, as they share one SQLite file.
 */
export function schemaForDataDir(dataDir: string): Promise<TestSchema> {
  const path = resolve(dataDir);
  let schema = dataDirSchemas.get(path);
  if (schema === undefined) {
    const digest = createHash("sha256").update(path).digest("hex").slice(0, 16);
    schema = createSchema(`${schemaPrefix()}d${digest}`);
    dataDirSchemas.set(path, schema);
  }
  return schema;
}

/** Why the test database cannot be reached (undefined when it can), to skip PostgreSQL tests with one clear line. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await onTestDatabase((client) => client.query("SELECT 1"));
    return undefined;
  } catch (error) {
    const url = new URL(testDatabaseUrl());
    if (url.password !== "") url.password = "***";
    return `no PostgreSQL at ${url} (${(error as Error).message || (error as { code?: string }).code}): set BURNRATE_TEST_DATABASE_URL`;
  }
}
