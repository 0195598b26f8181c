import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { NewLedgerEntry } from "@burnrate/core";
import { createTestSchema, postgresUnavailable, type TestSchema } from "@burnrate/testkit";
import type pg from "pg";
import { CONFORMANCE_SEAL_KEY, makeEntry } from "../testing/storage-conformance.js";
import { verifyLedger } from "../verify-ledger.js";
import { openPostgresStorage } from "./open-postgres-storage.js";
import { PostgresLedgerWriter } from "./postgres-ledger-writer.js";
import { createPostgresPool } from "./postgres-pool.js";

const unavailable = await postgresUnavailable();
if (unavailable !== undefined && process.env.CI === "true") throw new Error(unavailable);

const schemas: TestSchema[] = [];
const pools: pg.Pool[] = [];
after(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(schemas.map((schema) => schema.drop()));
});

/** A migrated schema and `count` writers on it, each with its own pool (as separate instances). */
async function writersOnOneSchema(count: number) {
  const schema = await createTestSchema();
  schemas.push(schema);
  await (await openPostgresStorage({ url: schema.url, sealKey: CONFORMANCE_SEAL_KEY })).close();
  const writers = Array.from({ length: count }, () => {
    const pool = createPostgresPool({ url: schema.url, max: 2 });
    pools.push(pool);
    return new PostgresLedgerWriter(pool, CONFORMANCE_SEAL_KEY);
  });
  return { schema, writers };
}

const batch = (projectId: string, prefix: string, size: number): NewLedgerEntry[] =>
  Array.from({ length: size }, (_, index) => makeEntry(projectId, `${prefix}-${index}`));

async function verified(schema: TestSchema) {
  const storage = await openPostgresStorage({ url: schema.url, sealKey: CONFORMANCE_SEAL_KEY });
  try {
    const report = await verifyLedger(storage.ledger, { sealKey: CONFORMANCE_SEAL_KEY });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    return report.projects;
  } finally {
    await storage.close();
  }
}

const seqsOf = (outcomes: { status: string; seq?: number }[][]) =>
  outcomes.flat().map((outcome) => (outcome.status === "inserted" ? outcome.seq : outcome.status));

if (unavailable !== undefined) {
  test("PostgreSQL ledger writer", { skip: unavailable }, () => {});
} else {
  describe("postgres ledger writer: groups chained ahead of the lock", () => {
    test("a group chained on a head another writer has since moved is chained again under the lock", async () => {
      const { schema, writers } = await writersOnOneSchema(2);
      const [first, second] = writers as [PostgresLedgerWriter, PostgresLedgerWriter];
      assert.deepEqual(seqsOf(await first.write([batch("p", "a", 3)])), [1, 2, 3]);
      assert.deepEqual(seqsOf(await second.write([batch("p", "b", 2)])), [4, 5]);
      // `first` expects its own head (seq 3); the database has seq 5.
      assert.deepEqual(seqsOf(await first.write([batch("p", "c", 2)])), [6, 7]);
      assert.deepEqual(await verified(schema), [{ projectId: "p", entries: 7 }]);
    });

    test("two writers interleaving pipelined groups on one project keep one chain", async () => {
      const { schema, writers } = await writersOnOneSchema(2);
      // Each writer gets a group in flight and more groups chained while it commits.
      const written = await Promise.all(
        writers.flatMap((writer, index) =>
          Array.from({ length: 12 }, (_, group) =>
            writer.write([batch("p", `w${index}g${group}`, 25), batch("q", `w${index}g${group}`, 5)]),
          ),
        ),
      );
      const inserted = written.flat(2).filter((outcome) => outcome.status === "inserted");
      assert.equal(inserted.length, 2 * 12 * 30);
      assert.deepEqual(await verified(schema), [
        { projectId: "p", entries: 600 },
        { projectId: "q", entries: 120 },
      ]);
    });

    test("duplicates of a group still committing are reported as duplicates, once", async () => {
      const { schema, writers } = await writersOnOneSchema(1);
      const writer = writers[0]!;
      const [firstGroup, secondGroup] = await Promise.all([
        writer.write([batch("p", "same", 10)]),
        writer.write([batch("p", "same", 10), batch("p", "new", 2)]),
      ]);
      assert.deepEqual(seqsOf(firstGroup!), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(seqsOf(secondGroup!), [...Array(10).fill("duplicate"), 11, 12]);
      assert.deepEqual(await verified(schema), [{ projectId: "p", entries: 12 }]);
    });

    test("a failed group rejects its writes; the group written after it still lands on the chain", async () => {
      const { schema, writers } = await writersOnOneSchema(1);
      const writer = writers[0]!;
      await writer.write([batch("p", "before", 2)]);
      const broken = [makeEntry("p", "bad", { costNanos: 1.5 })];
      const [failed, next] = await Promise.allSettled([
        writer.write([broken]),
        writer.write([batch("p", "after", 3)]),
      ]);
      assert.equal(failed!.status, "rejected");
      assert.deepEqual(next!.status === "fulfilled" && seqsOf(next.value), [3, 4, 5]);
      assert.deepEqual(await verified(schema), [{ projectId: "p", entries: 5 }]);
    });
  });
}
