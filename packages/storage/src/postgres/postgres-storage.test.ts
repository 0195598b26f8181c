import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { createTestSchema, postgresUnavailable, type TestSchema } from "@burnrate/testkit";
import pg from "pg";
import { runBudgetConformance } from "../testing/budget-conformance.js";
import { runSpendConformance } from "../testing/spend-conformance.js";
import { CONFORMANCE_SEAL_KEY, makeEntry, runStorageConformance } from "../testing/storage-conformance.js";
import { verifyLedger } from "../verify-ledger.js";
import { LEDGER_COLUMN_TYPES } from "./ledger-column-types.js";
import { migratePostgresDatabase, openPostgresStorage } from "./open-postgres-storage.js";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.js";

const unavailable = await postgresUnavailable();
if (unavailable !== undefined && process.env.CI === "true") throw new Error(unavailable);
const schemas: TestSchema[] = [];
after(() => Promise.all(schemas.map((schema) => schema.drop())));
async function freshSchema(): Promise<TestSchema> {
  const schema = await createTestSchema();
  schemas.push(schema);
  return schema;
}
const open = async (schema: TestSchema) =>
  openPostgresStorage({ url: schema.url, sealKey: CONFORMANCE_SEAL_KEY });

async function raw(schema: TestSchema, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

if (unavailable !== undefined) {
  test("PostgreSQL backend", { skip: unavailable }, () => {});
} else {
  runStorageConformance("postgres", async () => open(await freshSchema()));
  runSpendConformance("postgres", async () => open(await freshSchema()));
  runBudgetConformance("postgres", async () => open(await freshSchema()));

  describe("postgres ledger", () => {
    test("the database itself refuses UPDATE, DELETE and TRUNCATE on the ledger", async () => {
      const schema = await freshSchema();
      const storage = await open(schema);
      await storage.ledger.append([makeEntry("t", "e1")]);
      await storage.close();
      for (const statement of [
        "UPDATE ledger_entries SET cost_nanos = 1",
        "DELETE FROM ledger_entries",
        "TRUNCATE ledger_entries",
      ])
        await assert.rejects(raw(schema, statement), /append-only/, statement);
    });

    test("an edited row and a deleted tail are named by verify", async () => {
      const schema = await freshSchema();
      const storage = await open(schema);
      await storage.ledger.append(Array.from({ length: 5 }, (_, index) => makeEntry("t", `e${index + 1}`)));
      await raw(schema, "ALTER TABLE ledger_entries DISABLE TRIGGER USER");
      await raw(schema, "UPDATE ledger_entries SET cost_nanos = 1 WHERE event_id = 'e3'");
      await raw(schema, "DELETE FROM ledger_entries WHERE seq = 5");
      const report = await verifyLedger(storage.ledger, { sealKey: CONFORMANCE_SEAL_KEY });
      await storage.close();
      assert.deepEqual(
        report.problems.map(({ seq, kind }) => `${seq}:${kind}`),
        ["3:edited", "5:truncated"],
      );
    });

    test("two stores on one database (two instances) append to one project exactly once, on one chain", async () => {
      const schema = await freshSchema();
      const [first, second] = await Promise.all([open(schema), open(schema)]);
      const batches = Array.from({ length: 40 }, (_, batch) =>
        Array.from({ length: 50 }, (_, index) => makeEntry("shared", `e${(batch * 50 + index) % 1500}`)),
      );
      const outcomes = await Promise.all(
        batches.flatMap((batch) => [first!.ledger.append(batch), second!.ledger.append(batch)]),
      );
      const inserted = outcomes.flat().filter((outcome) => outcome.status === "inserted");
      assert.equal(inserted.length, 1500);
      const report = await verifyLedger(first!.ledger, { sealKey: CONFORMANCE_SEAL_KEY });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.deepEqual(report.projects, [{ projectId: "shared", entries: 1500 }]);
      await Promise.all([first!.close(), second!.close()]);
    });

    test("migrations are recorded, applied once, and the column types match the writer's", async () => {
      const schema = await freshSchema();
      const all = POSTGRES_MIGRATIONS.map((migration) => migration.version);
      assert.deepEqual(all.slice(0, 4), [1, 2, 3, 4]);
      assert.deepEqual(await migratePostgresDatabase({ url: schema.url }), all);
      assert.deepEqual(await migratePostgresDatabase({ url: schema.url }), []);
      const versions = await raw(schema, "SELECT version FROM schema_migrations ORDER BY version");
      assert.deepEqual(
        versions.rows.map((row) => row.version),
        all,
      );
      const columns = await raw(
        schema,
        `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'ledger_entries'`,
        [schema.schema],
      );
      const actual = Object.fromEntries(columns.rows.map((row) => [row.column_name, row.data_type]));
      assert.deepEqual(actual, LEDGER_COLUMN_TYPES);
    });

    test("a database newer than this burnrate is refused; a missing ledger is reported, not created", async () => {
      const schema = await freshSchema();
      await assert.rejects(
        openPostgresStorage({ url: schema.url, sealKey: CONFORMANCE_SEAL_KEY, mustExist: true }),
        /no burnrate ledger in postgres:/,
      );
      await migratePostgresDatabase({ url: schema.url });
      await raw(schema, "INSERT INTO schema_migrations VALUES (99, 'future', 0)");
      await assert.rejects(open(schema), /schema is version 99, newer than this burnrate knows/);
    });

    test("text that array literals must escape reads back byte for byte", async () => {
      const storage = await open(await freshSchema());
      const tricky = ['a"b', "back\\slash", "NULL", "{x,y}", " spaced ", "ünï€ode", ""];
      const written = tricky.map((text, index) =>
        makeEntry("esc", `e${index}${text}`, { featureId: text, metadata: { text, quote: '"' } }),
      );
      await storage.ledger.append(written);
      const page = await storage.ledger.query({ projectId: "esc", order: "asc", limit: 100 });
      assert.deepEqual(
        page.entries.map(({ eventId, featureId, metadata }) => ({ eventId, featureId, metadata })),
        written.map(({ eventId, featureId, metadata }) => ({ eventId, featureId, metadata })),
      );
      assert.equal((await verifyLedger(storage.ledger, { sealKey: CONFORMANCE_SEAL_KEY })).ok, true);
      await storage.close();
    });

    test("connection errors name the database without its password", async () => {
      const url = "postgres://burnrate:s3cret-pass@127.0.0.1:1/nowhere";
      const error = await openPostgresStorage({ url, sealKey: CONFORMANCE_SEAL_KEY }).catch(
        (caught) => caught,
      );
      assert.ok(error instanceof Error);
      assert.match(error.message, /PostgreSQL at postgres:\/\/burnrate:\*\*\*@127\.0\.0\.1:1\/nowhere/);
      assert.equal(error.message.includes("s3cret-pass"), false);
    });
  });
}
