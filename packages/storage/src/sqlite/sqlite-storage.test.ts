import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { makeTempDir } from "@burnrate/testkit";
import BetterSqlite3 from "better-sqlite3";
import { runBudgetConformance } from "../testing/budget-conformance.js";
import { runSpendConformance } from "../testing/spend-conformance.js";
import { CONFORMANCE_SEAL_KEY, makeEntry, runStorageConformance } from "../testing/storage-conformance.js";
import { verifyLedger } from "../verify-ledger.js";
import { openSqliteStorage } from "./open-sqlite-storage.js";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.js";

const temp = makeTempDir();
after(() => temp.remove());
let files = 0;
const newFile = () => join(temp.path, `ledger-${files++}.db`);

runStorageConformance("sqlite", async () =>
  openSqliteStorage({ file: newFile(), sealKey: CONFORMANCE_SEAL_KEY }),
);
runSpendConformance("sqlite", async () =>
  openSqliteStorage({ file: newFile(), sealKey: CONFORMANCE_SEAL_KEY }),
);

runBudgetConformance("sqlite", async () =>
  openSqliteStorage({ file: newFile(), sealKey: CONFORMANCE_SEAL_KEY }),
);

/** A ledger of 5 entries in project "t" and a raw connection to tamper with it, triggers dropped. */
async function tamperable() {
  const file = newFile();
  const storage = openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY });
  await storage.ledger.append(Array.from({ length: 5 }, (_, index) => makeEntry("t", `e${index + 1}`)));
  await storage.close();
  const raw = new BetterSqlite3(file);
  raw.exec("DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete;");
  const verify = async () => {
    const reopened = openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY });
    try {
      return await verifyLedger(reopened.ledger, { sealKey: CONFORMANCE_SEAL_KEY });
    } finally {
      await reopened.close();
    }
  };
  return { raw, verify };
}

describe("sqlite ledger tamper evidence", () => {
  test("the database itself refuses UPDATE and DELETE on the ledger", async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY });
    await storage.ledger.append([makeEntry("t", "e1")]);
    await storage.close();
    const raw = new BetterSqlite3(file);
    assert.throws(() => raw.exec("UPDATE ledger_entries SET cost_nanos = 1"), /append-only/);
    assert.throws(() => raw.exec("DELETE FROM ledger_entries"), /append-only/);
    raw.close();
  });

  test("an edited row is named", async () => {
    const { raw, verify } = await tamperable();
    raw.prepare("UPDATE ledger_entries SET cost_nanos = 1 WHERE event_id = 'e3'").run();
    raw.close();
    const report = await verify();
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.problems.map(({ seq, kind }) => ({ seq, kind })),
      [{ seq: 3, kind: "edited" }],
    );
  });

  test("an edited row whose hash was recomputed breaks the next link", async () => {
    const { raw, verify } = await tamperable();
    raw.prepare("UPDATE ledger_entries SET hash = ? WHERE event_id = 'e2'").run("f".repeat(64));
    raw.close();
    const kinds = (await verify()).problems.map(({ seq, kind }) => `${seq}:${kind}`);
    assert.deepEqual(kinds, ["2:edited", "3:broken_link"]);
  });

  test("a deleted row, a truncated tail and reordered rows are named", async () => {
    const deleted = await tamperable();
    deleted.raw.prepare("DELETE FROM ledger_entries WHERE seq = 2").run();
    deleted.raw.close();
    assert.deepEqual(
      (await deleted.verify()).problems.map(({ seq, kind }) => `${seq}:${kind}`),
      ["2:missing", "3:broken_link"],
    );

    const truncated = await tamperable();
    truncated.raw.prepare("DELETE FROM ledger_entries WHERE seq = 5").run();
    truncated.raw.close();
    assert.deepEqual(
      (await truncated.verify()).problems.map(({ seq, kind }) => `${seq}:${kind}`),
      ["5:truncated"],
    );

    const swapped = await tamperable();
    swapped.raw.exec(`UPDATE ledger_entries SET seq = 100 WHERE seq = 2;
      UPDATE ledger_entries SET seq = 2 WHERE seq = 3; UPDATE ledger_entries SET seq = 3 WHERE seq = 100;`);
    swapped.raw.close();
    const problems = (await swapped.verify()).problems;
    assert.equal(problems.length > 0, true);
    assert.deepEqual([...new Set(problems.map((problem) => problem.seq))].sort(), [2, 3, 4]);
  });

  test("an inserted row is named", async () => {
    const { raw, verify } = await tamperable();
    const row = raw.prepare("SELECT * FROM ledger_entries WHERE seq = 5").get() as Record<string, unknown>;
    const columns = Object.keys(row);
    raw
      .prepare(
        `INSERT INTO ledger_entries (${columns.join(",")}) VALUES (${columns.map(() => "?").join(",")})`,
      )
      .run(
        ...columns.map((column) => (column === "seq" ? 6 : column === "event_id" ? "forged" : row[column])),
      );
    raw.close();
    const problems = (await verify()).problems.map(({ seq, kind }) => `${seq}:${kind}`);
    assert.ok(problems.includes("6:broken_link") || problems.includes("6:edited"), problems.join(","));
  });

  test("a chain head sealed under another secret is refused", async () => {
    const file = newFile();
    const storage = openSqliteStorage({ file, sealKey: "another-secret-0123456789" });
    await storage.ledger.append([makeEntry("t", "e1")]);
    const report = await verifyLedger(storage.ledger, { sealKey: CONFORMANCE_SEAL_KEY });
    await storage.close();
    assert.deepEqual(
      report.problems.map((problem) => problem.kind),
      ["bad_head"],
    );
  });

  test("migrations are recorded and not applied twice", async () => {
    const file = newFile();
    await openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY }).close();
    await openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY }).close();
    const raw = new BetterSqlite3(file, { readonly: true });
    assert.deepEqual(
      raw.prepare("SELECT version FROM schema_migrations").pluck().all(),
      SQLITE_MIGRATIONS.map((migration) => migration.version),
    );
    raw.close();
  });

  test("migration 4 fills the spend rollups from a ledger written before it", async () => {
    const file = newFile();
    const before = openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY });
    await before.ledger.append(
      Array.from({ length: 30 }, (_, index) =>
        makeEntry("r", `r${index}`, {
          timestamp: Date.UTC(2026, 10, 1) + index * 600_000,
          featureId: `f${index % 3}`,
        }),
      ),
    );
    await before.close();
    // Take the database back to version 3, as a ledger from before the rollups existed.
    const raw = new BetterSqlite3(file);
    raw.exec(
      "DROP TABLE spend_rollups; DROP INDEX ledger_entries_project_customer_time; DELETE FROM schema_migrations WHERE version = 4;",
    );
    raw.close();
    const after = openSqliteStorage({ file, sealKey: CONFORMANCE_SEAL_KEY });
    try {
      const query = {
        projectId: "r",
        from: Date.UTC(2026, 10, 1),
        to: Date.UTC(2026, 10, 2),
        groupBy: ["featureId"] as const,
      };
      const fromRollups = await after.ledger.spendSummary(query);
      assert.deepEqual(fromRollups, await after.ledger.spendSummary({ ...query, source: "ledger" }));
      assert.deepEqual(
        fromRollups.map((row) => [row.featureId, row.events]),
        [
          ["f0", 10],
          ["f1", 10],
          ["f2", 10],
        ],
      );
    } finally {
      await after.close();
    }
  });
});
