import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  createTestSchema,
  makeTempDir,
  postgresUnavailable,
  runCli,
  type ServerProcess,
  startServerProcess,
  type TestSchema,
} from "@burnrate/testkit";

// Two `burnrate serve` processes (two machines: two data dirs, one secret) on one PostgreSQL.
const unavailable = await postgresUnavailable();
if (unavailable !== undefined && process.env.CI === "true") throw new Error(unavailable);

const BATCHES = 60;
const EVENTS_PER_BATCH = 50;
const COPIES = 2; // each batch is sent this many times to each instance, all at once: retries racing
const CONCURRENCY = 8;
const REVOCATION_DEADLINE_MS = 5000;

function batch(index: number) {
  return Array.from({ length: EVENTS_PER_BATCH }, (_, event) => ({
    eventId: `twin-${index}-${event}`,
    provider: "openai",
    model: "gpt-4o-mini",
    inputTokens: 100 + event,
    outputTokens: 10,
    costUsd: 0.0001,
  }));
}

async function ingest(url: string, key: string, body: unknown) {
  const response = await fetch(`${url}/api/ingest`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { accepted: number; duplicates: number },
  };
}

describe("two burnrate serve instances on one PostgreSQL", { skip: unavailable }, () => {
  const temp = makeTempDir();
  let schema: TestSchema;
  let env: NodeJS.ProcessEnv;
  let servers: ServerProcess[] = [];
  let key: { id: string; key: string };
  const dataDir = (name: string) => join(temp.path, name);

  before(async () => {
    schema = await createTestSchema();
    env = { BURNRATE_DATABASE_URL: schema.url, BURNRATE_SECRET: "one-secret-for-every-instance" };
    const created = await runCli(["keys", "create", "--project", "twins", "--scope", "admin", "--json"], {
      env: { ...env, BURNRATE_DATA_DIR: dataDir("a") },
    });
    assert.equal(created.code, 0, created.stderr);
    key = JSON.parse(created.stdout) as { id: string; key: string };
    servers = await Promise.all([
      startServerProcess(dataDir("a"), env),
      startServerProcess(dataDir("b"), env),
    ]);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await schema?.drop();
    temp.remove();
  });

  test("the same batches retried concurrently on both instances: every event exactly once, chain valid", {
    timeout: 120_000,
  }, async () => {
    const sends = Array.from({ length: BATCHES }, (_, index) =>
      servers.flatMap((server) => Array.from({ length: COPIES }, () => ({ url: server.url, index }))),
    ).flat();
    let accepted = 0;
    let duplicates = 0;
    let next = 0;
    const worker = async () => {
      while (next < sends.length) {
        // Take every copy of one batch at once so that they race each other.
        const copies = sends.slice(next, next + servers.length * COPIES);
        next += copies.length;
        const answers = await Promise.all(copies.map(({ url, index }) => ingest(url, key.key, batch(index))));
        for (const answer of answers) {
          assert.equal(answer.status, 200);
          accepted += answer.body.accepted;
          duplicates += answer.body.duplicates;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const total = BATCHES * EVENTS_PER_BATCH;
    assert.equal(accepted, total);
    assert.equal(duplicates, total * (servers.length * COPIES - 1));

    const exported = await runCli(["ledger", "export", "--project", "twins", "--format", "jsonl"], {
      env: { ...env, BURNRATE_DATA_DIR: dataDir("b") },
    });
    const ids = exported.stdout
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { eventId: string }).eventId);
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total);
    const verified = await runCli(["ledger", "verify"], { env: { ...env, BURNRATE_DATA_DIR: dataDir("a") } });
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, new RegExp(`ledger OK: ${total} entries in 1 project`));
  });

  test("an instance started with another secret refuses to serve the shared ledger", async () => {
    await assert.rejects(
      startServerProcess(dataDir("c"), { ...env, BURNRATE_SECRET: "another-secret-than-the-others" }),
      /does not verify the seal of project twins's chain head: set the BURNRATE_SECRET the other instances use/,
    );
  });

  test("a key revoked on one instance's machine is refused by both instances within seconds", async () => {
    for (const server of servers) assert.equal((await ingest(server.url, key.key, batch(0))).status, 200);
    const revoked = await runCli(["keys", "revoke", key.id], {
      env: { ...env, BURNRATE_DATA_DIR: dataDir("a") },
    });
    assert.equal(revoked.code, 0, revoked.stderr);
    const revokedAt = Date.now();
    for (const server of servers) {
      // Poll until the instance's key cache expires and it reads the revocation from the database.
      let status = 200;
      while (status !== 401 && Date.now() - revokedAt < REVOCATION_DEADLINE_MS) {
        status = (await ingest(server.url, key.key, batch(0))).status;
        if (status !== 401) await delay(100);
      }
      assert.equal(
        status,
        401,
        `${server.url} still accepts the key ${REVOCATION_DEADLINE_MS} ms after revocation`,
      );
    }
    console.log(
      `# revocation: both instances refused the key ${Date.now() - revokedAt} ms after keys revoke returned`,
    );
  });
});
