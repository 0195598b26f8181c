#!/usr/bin/env node
// Runs every *.test.ts under packages/ with node's test runner, straight from the TypeScript
// sources (tsx, with the "source" export condition). Node 20's --test takes no globs, so the
// files are listed here. Extra arguments are passed to node --test (e.g. --test-name-pattern).
//
// The tests of the packages that use storage run twice in the same node --test run: once on
// SQLite, once on PostgreSQL. Node dedupes a file listed twice, so the PostgreSQL pass goes
// through one small entry file per test file that sets BURNRATE_TEST_BACKEND=postgres and then
// imports it; one run gives one summary, which stays the last output. Each store of that pass gets
// its own schema (named with this run's prefix) in BURNRATE_TEST_DATABASE_URL's database
// (default the local `test` database); the schemas left at the end are dropped. Without a
// reachable PostgreSQL the pass is one skipped test naming why, or, under CI=true, a failure.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

const root = new URL("..", import.meta.url).pathname;
const databaseUrl = process.env.BURNRATE_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schemaPrefix = `burnrate_t${randomBytes(4).toString("hex")}_`;
const entriesDir = join(root, "node_modules", ".cache", "burnrate-tests", schemaPrefix);

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist") return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}

/** The packages that use storage: @burnrate/storage itself and every package that depends on it. */
function storagePackages() {
  const dir = join(root, "packages");
  return readdirSync(dir).filter((name) => {
    const manifest = JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8"));
    const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
    return manifest.name === "@burnrate/storage" || "@burnrate/storage" in dependencies;
  });
}

const onBackend = (backend, file) => file.split(sep).includes(backend);

/** Writes the entry file that runs `file` on PostgreSQL; returns its path. */
function postgresEntry(file) {
  const entry = join(entriesDir, "postgres", file.replace(/\.ts$/, ".mjs"));
  mkdirSync(dirname(entry), { recursive: true });
  const target = JSON.stringify(pathToFileURL(join(root, file)).href);
  writeFileSync(entry, `process.env.BURNRATE_TEST_BACKEND = "postgres";\nawait import(${target});\n`);
  return entry;
}

/** Why PostgreSQL cannot be reached, or undefined when it can. */
async function postgresUnavailable() {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    const shown = new URL(databaseUrl);
    if (shown.password) shown.password = "***";
    return `no PostgreSQL at ${shown} (${error.message || error.code}); set BURNRATE_TEST_DATABASE_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropRunSchemas() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", [
      schemaPrefix,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

const files = findTests(join(root, "packages")).sort();
const usesStorage = new Set(storagePackages().map((name) => join("packages", name) + sep));
const sqliteFiles = files.filter((file) => !onBackend("postgres", file));
const postgresFiles = files.filter(
  (file) => [...usesStorage].some((prefix) => file.startsWith(prefix)) && !onBackend("sqlite", file),
);

const unavailable = await postgresUnavailable();
if (unavailable !== undefined && process.env.CI === "true") {
  console.error(`run-tests: CI=true requires the PostgreSQL tests, but there is ${unavailable}`);
  process.exit(1);
}
mkdirSync(entriesDir, { recursive: true });
const postgresEntries =
  unavailable === undefined ? postgresFiles.map(postgresEntry) : [join(entriesDir, "postgres-skipped.mjs")];
if (unavailable !== undefined) {
  writeFileSync(
    postgresEntries[0],
    `import { test } from "node:test";\ntest("the PostgreSQL pass (${postgresFiles.length} test files)", { skip: ${JSON.stringify(unavailable)} }, () => {});\n`,
  );
}

const result = spawnSync(
  process.execPath,
  [
    "--conditions=source",
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    ...process.argv.slice(2),
    ...sqliteFiles,
    ...postgresEntries,
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      BURNRATE_TEST_DATABASE_URL: databaseUrl,
      BURNRATE_TEST_SCHEMA_PREFIX: schemaPrefix,
    },
  },
);
rmSync(entriesDir, { recursive: true, force: true });
if (unavailable === undefined) await dropRunSchemas();
process.exit(result.status ?? 1);
