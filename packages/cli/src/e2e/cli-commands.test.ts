import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { SQLITE_MIGRATIONS } from "@burnrate/storage";
import { makeTempDir, runCli, startServerProcess, testBackend } from "@burnrate/testkit";
import { openRawLedgerDatabase } from "./raw-ledger-database.js";

const temp = makeTempDir();
after(() => temp.remove());
const dataDir = join(temp.path, "data");

describe("burnrate CLI", () => {
  test("--help works on every command and subcommand", async () => {
    for (const args of [
      [],
      ["serve"],
      ["keys"],
      ["keys", "create"],
      ["keys", "list"],
      ["keys", "revoke"],
      ["agents", "create"],
      ["agents", "list"],
      ["ledger", "verify"],
      ["ledger", "export"],
      ["db", "migrate"],
    ]) {
      const result = await runCli([...args, "--help"]);
      assert.equal(result.code, 0, args.join(" "));
      assert.match(result.stdout, /^Usage: burnrate/, args.join(" "));
    }
  });

  test("bad usage exits 2 with one clear line", async () => {
    const cases: [string[], RegExp][] = [
      [["nope"], /unknown command 'nope'/],
      [["keys", "create", "--data-dir", dataDir], /required option '--project <project>'/],
      [["keys", "create", "--project", "Bad Name!", "--data-dir", dataDir], /invalid project "Bad Name!"/],
      [
        ["keys", "create", "--project", "p", "--scope", "root", "--data-dir", dataDir],
        /argument 'root' is invalid/,
      ],
      [["ledger", "verify", "--data-dir", join(temp.path, "missing")], /no burnrate ledger in/],
      [["serve", "--port", "99999", "--data-dir", dataDir], /--port must be a port number/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, message, args.join(" "));
      assert.equal(
        result.stderr.trim().split("\n").length,
        1,
        `one line for ${args.join(" ")}: ${result.stderr}`,
      );
    }
  });

  test("db migrate applies the schema once, then finds it up to date", async () => {
    const fresh = join(temp.path, "migrated");
    const first = await runCli(["db", "migrate", "-d", fresh]);
    assert.equal(first.code, 0, first.stderr);
    // Both backends have the same versions; every one is applied to a fresh database.
    const versions = SQLITE_MIGRATIONS.map((migration) => migration.version).join(", ");
    assert.ok(first.stdout.trimEnd().endsWith(`: applied migration(s) ${versions}`), first.stdout);
    const again = await runCli(["db", "migrate", "-d", fresh]);
    assert.match(again.stdout, /: the schema is up to date$/m);
    const verified = await runCli(["ledger", "verify", "-d", fresh]);
    assert.equal(verified.code, 0, verified.stderr);
  });

  test("a data dir set up with BURNRATE_SECRET refuses a CLI run without it, in one line", async () => {
    const guarded = join(temp.path, "guarded");
    const env = { BURNRATE_SECRET: "a-long-enough-server-secret" };
    assert.equal((await runCli(["keys", "create", "--project", "p", "-d", guarded], { env })).code, 0);
    const without = await runCli(["keys", "create", "--project", "p", "-d", guarded], {
      env: { BURNRATE_SECRET: "" },
    });
    assert.equal(without.code, 1);
    assert.match(without.stderr, /set up with BURNRATE_SECRET: set the same BURNRATE_SECRET here too/);
    const other = await runCli(["keys", "list", "-d", guarded], {
      env: { BURNRATE_SECRET: "another-long-server-secret" },
    });
    assert.match(other.stderr, /server secret is not the one/);
  });

  test("keys create prints the key once; only its HMAC is stored; the secret file is 0600", async () => {
    const created = await runCli(
      ["keys", "create", "--project", "acme", "--scope", "ingest", "--name", "ci", "--json"],
      {
        env: { BURNRATE_DATA_DIR: dataDir },
      },
    );
    assert.equal(created.code, 0, created.stderr);
    const record = JSON.parse(created.stdout) as { id: string; key: string; scope: string };
    assert.match(record.key, /^br_[A-Za-z0-9_-]{43}$/);
    assert.equal(record.scope, "ingest");
    assert.equal(statSync(join(dataDir, "secret")).mode & 0o777, 0o600);

    const db = await openRawLedgerDatabase(dataDir);
    const stored = await db.rows("SELECT * FROM api_keys");
    await db.close();
    assert.equal(stored.length, 1);
    assert.equal(JSON.stringify(stored).includes(record.key), false);
    if (testBackend() === "sqlite")
      assert.equal(readFileSync(join(dataDir, "burnrate.db")).includes(record.key), false);

    const listed = await runCli(["keys", "list", "--data-dir", dataDir]);
    assert.match(listed.stdout, new RegExp(`${record.id}\\s+acme\\s+ingest\\s+ci`));
    assert.equal(listed.stdout.includes(record.key), false);

    assert.equal((await runCli(["keys", "revoke", record.id, "--data-dir", dataDir])).code, 0);
    const afterRevoke = await runCli(["keys", "list", "--json", "--data-dir", dataDir]);
    assert.ok((JSON.parse(afterRevoke.stdout) as { revokedAt: string | null }[])[0]?.revokedAt);
    const missing = await runCli(["keys", "revoke", "key_nope", "--data-dir", dataDir]);
    assert.equal(missing.code, 1);
  });

  test("agents are managed from the CLI while a server runs on the same data dir", async () => {
    const server = await startServerProcess(dataDir);
    try {
      const created = await runCli([
        "agents",
        "create",
        "--project",
        "acme",
        "--name",
        "Support",
        "--id",
        "support",
        "--tag",
        "a",
        "--json",
        "-d",
        dataDir,
      ]);
      assert.equal(created.code, 0, created.stderr);
      const adminKey = JSON.parse(
        (await runCli(["keys", "create", "--project", "acme", "--scope", "admin", "--json", "-d", dataDir]))
          .stdout,
      ).key as string;
      const viaApi = await fetch(`${server.url}/api/agents/support`, { headers: { "x-api-key": adminKey } });
      assert.equal(((await viaApi.json()) as { name: string }).name, "Support");
      const archived = await runCli([
        "agents",
        "archive",
        "support",
        "--project",
        "acme",
        "--json",
        "-d",
        dataDir,
      ]);
      assert.equal((JSON.parse(archived.stdout) as { status: string }).status, "archived");
      const list = await runCli(["agents", "list", "--project", "acme", "--all", "-d", dataDir]);
      assert.match(list.stdout, /support\s+Support\s+archived/);
    } finally {
      await server.stop();
    }
  });

  test("ledger verify passes, then names a row edited directly in the database and exits 1; export writes CSV and JSONL", async () => {
    const server = await startServerProcess(dataDir);
    const key = JSON.parse(
      (await runCli(["keys", "create", "--project", "acme", "--scope", "ingest", "--json", "-d", dataDir]))
        .stdout,
    ).key as string;
    const events = Array.from({ length: 12 }, (_, index) => ({
      eventId: `cli-${index}`,
      provider: "openai",
      model: "gpt-4o",
      outputTokens: index,
      costUsd: 0.01,
    }));
    const response = await fetch(`${server.url}/api/ingest`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    assert.equal(response.status, 200);
    await server.stop();

    const clean = await runCli(["ledger", "verify", "-d", dataDir]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /ledger OK: 12 entries/);

    const csvFile = join(temp.path, "out.csv");
    const exported = await runCli([
      "ledger",
      "export",
      "--project",
      "acme",
      "--format",
      "csv",
      "--out",
      csvFile,
      "--model",
      "gpt-4o",
      "-d",
      dataDir,
    ]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(readFileSync(csvFile, "utf8").trimEnd().split("\r\n").length, 13);
    const jsonl = await runCli(["ledger", "export", "--project", "acme", "--format", "jsonl", "-d", dataDir]);
    assert.deepEqual(
      jsonl.stdout
        .trimEnd()
        .split("\n")
        .map((line) => (JSON.parse(line) as { eventId: string }).eventId),
      events.map((event) => event.eventId),
    );

    const db = await openRawLedgerDatabase(dataDir);
    await db.tamper("UPDATE ledger_entries SET cost_nanos = 1 WHERE event_id = 'cli-7'");
    await db.close();
    const tampered = await runCli(["ledger", "verify", "-d", dataDir]);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /project acme, entry 8: edited: entry cli-7 does not match its hash/);
    assert.match(tampered.stdout, /ledger TAMPERED/);
  });
});
