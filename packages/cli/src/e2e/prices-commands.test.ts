import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  createKeyWithCli,
  makeTempDir,
  runCli,
  type ServerProcess,
  startServerProcess,
} from "@burnrate/testkit";

const temp = makeTempDir();
const dataDir = join(temp.path, "data");
let server: ServerProcess;
let adminKey: string;

const at = "2026-11-01T12:00:00Z";
const usage = { timestamp: at, inputTokens: 10_000, outputTokens: 2_000 };

async function ingest(events: unknown[]) {
  const response = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": adminKey },
    body: JSON.stringify(events),
  });
  assert.equal(response.status, 200, await response.clone().text());
}

/** What the ledger holds per event after adjustments: the sum of the event's and its adjustments' costs. */
async function netCostUsd(eventId: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/ledger?limit=1000`, { headers: { "x-api-key": adminKey } });
  const { events } = (await response.json()) as {
    events: { eventId: string; adjustsEventId?: string | null; costUsd?: number | null }[];
  };
  const nanos = events
    .filter((entry) => entry.eventId === eventId || entry.adjustsEventId === eventId)
    .reduce((sum, entry) => sum + Math.round((entry.costUsd ?? 0) * 1e9), 0);
  return nanos / 1e9;
}

before(async () => {
  server = await startServerProcess(dataDir);
  adminKey = await createKeyWithCli(dataDir, "acme", "admin");
  await ingest([
    { eventId: "local-1", provider: "openai-compatible", model: "my-llama", ...usage },
    { eventId: "local-2", provider: "openai-compatible", model: "my-llama", ...usage },
    { eventId: "azure-1", provider: "azure-openai", model: "prod-gpt4o", ...usage },
    { eventId: "exact-1", provider: "openai", model: "gpt-4o", ...usage },
    { eventId: "client-1", provider: "openai", model: "gpt-4o", ...usage, costUsd: 0.5 },
  ]);
});
after(async () => {
  await server.stop();
  temp.remove();
});

describe("burnrate prices", () => {
  test("--help works on every prices command", async () => {
    for (const command of ["list", "set", "discount", "alias", "remove", "check", "quote", "reprice"]) {
      const result = await runCli(["prices", command, "--help"]);
      assert.equal(result.code, 0, command);
      assert.match(result.stdout, /^Usage: burnrate prices/);
    }
  });

  test("check lists unpriced models and exits 1", async () => {
    const result = await runCli(["prices", "check", "--json", "-d", dataDir]);
    assert.equal(result.code, 1, result.stderr);
    const { gaps } = JSON.parse(result.stdout) as {
      gaps: { model: string; events: number; costSource: string }[];
    };
    assert.deepEqual(gaps.map((gap) => [gap.model, gap.events, gap.costSource]).sort(), [
      ["my-llama", 2, "UNPRICED"],
      ["prod-gpt4o", 1, "UNPRICED"],
    ]);
  });

  test("set, alias and list write the prices file; bad values exit 2 naming the flag", async () => {
    const set = await runCli([
      "prices",
      "set",
      "--provider",
      "openai-compatible",
      "--model",
      "my-llama",
      "--input",
      "0.50",
      "--output",
      "1.50",
      "-d",
      dataDir,
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(
      (
        await runCli([
          "prices",
          "alias",
          "--provider",
          "azure",
          "--from",
          "prod-gpt4o",
          "--to",
          "gpt-4o",
          "-d",
          dataDir,
        ])
      ).code,
      0,
    );
    const listed = JSON.parse((await runCli(["prices", "list", "--json", "-d", dataDir])).stdout) as {
      models: { provider: string; model: string; input: string }[];
      aliases: { provider: string; from: string; to: string }[];
    };
    assert.deepEqual(
      listed.models.map((price) => [price.provider, price.model, price.input]),
      [["openai-compatible", "my-llama", "0.50"]],
    );
    assert.deepEqual(listed.aliases, [{ provider: "azure-openai", from: "prod-gpt4o", to: "gpt-4o" }]);

    const bad = await runCli([
      "prices",
      "set",
      "--provider",
      "openai",
      "--model",
      "x",
      "--input",
      "1",
      "--output",
      "1",
      "--cache-write",
      "lots",
      "-d",
      dataDir,
    ]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim(), "burnrate: --cache-write must be a decimal number such as 2.50");
  });

  test("quote prices a usage with the user's prices", async () => {
    const result = await runCli([
      "prices",
      "quote",
      "--provider",
      "azure-openai",
      "--model",
      "prod-gpt4o",
      "--input-tokens",
      "10000",
      "--output-tokens",
      "2000",
      "--at",
      at,
      "--json",
      "-d",
      dataDir,
    ]);
    assert.equal(result.code, 0, result.stderr);
    // 10,000 × $2.50 + 2,000 × $10 per M = 45,000 µ$
    const quote = JSON.parse(result.stdout) as { costUsd: number; costSource: string };
    assert.deepEqual([quote.costUsd, quote.costSource], [0.045, "PROVIDER_REGISTRY"]);
  });

  test("reprice appends compensating entries once, totals follow, the chain stays valid", async () => {
    const dry = await runCli([
      "prices",
      "reprice",
      "--since",
      "2026-11-01",
      "--dry-run",
      "--json",
      "-d",
      dataDir,
    ]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((JSON.parse(dry.stdout) as { projects: { adjusted: number }[] }).projects[0]!.adjusted, 3);
    assert.equal(await netCostUsd("local-1"), 0);

    const run = await runCli(["prices", "reprice", "--since", "2026-11-01", "-d", dataDir]);
    assert.equal(run.code, 0, run.stderr);
    // my-llama: 10,000 × $0.50 + 2,000 × $1.50 per M = $0.008, twice; prod-gpt4o as gpt-4o: $0.045
    assert.match(run.stdout, /acme: \d+ entries scanned, 3 adjusted, total change \+\$0\.061000/);
    assert.equal(await netCostUsd("local-1"), 0.008);
    assert.equal(await netCostUsd("azure-1"), 0.045);
    assert.equal(await netCostUsd("exact-1"), 0.045);
    assert.equal(await netCostUsd("client-1"), 0.5, "a client's own cost is never re-priced");

    const again = await runCli(["prices", "reprice", "--since", "2026-11-01", "--json", "-d", dataDir]);
    assert.equal((JSON.parse(again.stdout) as { projects: { adjusted: number }[] }).projects[0]!.adjusted, 0);
    const verify = await runCli(["ledger", "verify", "-d", dataDir]);
    assert.equal(verify.code, 0, verify.stdout);
    // The gaps now say what the models are priced as.
    const check = JSON.parse((await runCli(["prices", "check", "--json", "-d", dataDir])).stdout) as {
      gaps: { model: string; nowPricedAs: string }[];
    };
    assert.deepEqual(check.gaps.map((gap) => gap.nowPricedAs).sort(), ["PROVIDER_REGISTRY", "USER_PRICE"]);
  });

  test("a price removed, the reprice moves the totals back down with a negative entry", async () => {
    assert.equal(
      (
        await runCli([
          "prices",
          "remove",
          "--provider",
          "azure-openai",
          "--alias",
          "prod-gpt4o",
          "-d",
          dataDir,
        ])
      ).code,
      0,
    );
    assert.equal(
      (
        await runCli([
          "prices",
          "set",
          "--provider",
          "openai-compatible",
          "--model",
          "my-llama",
          "--input",
          "0.25",
          "--output",
          "1.50",
          "-d",
          dataDir,
        ])
      ).code,
      0,
    );
    const run = await runCli(["prices", "reprice", "--since", "2026-11-01", "--json", "-d", dataDir]);
    // my-llama now 10,000 × $0.25 + 2,000 × $1.50 = $0.0055 (−$0.0025 each); prod-gpt4o is unpriced again: left as is
    const report = (JSON.parse(run.stdout) as { projects: { adjusted: number; deltaNanos: number }[] })
      .projects[0]!;
    assert.deepEqual([report.adjusted, report.deltaNanos], [2, -5_000_000]);
    assert.equal(await netCostUsd("local-2"), 0.0055);
  });
});

describe("burnrate spend", () => {
  test("groups the ledger's spend, adjustments included, with bars; bad flags exit 2 naming the flag", async () => {
    const json = await runCli([
      "spend",
      "--project",
      "acme",
      "--by",
      "provider",
      "--since",
      "2026-11-01",
      "--until",
      "2026-11-02",
      "--json",
      "-d",
      dataDir,
    ]);
    assert.equal(json.code, 0, json.stderr);
    const rows = (
      JSON.parse(json.stdout) as { rows: { provider: string; costUsd: number; events: number }[] }
    ).rows;
    const byProvider = Object.fromEntries(rows.map((row) => [row.provider, [row.costUsd, row.events]]));
    // openai: gpt-4o priced $0.045 + the client's $0.50; openai-compatible: 2 × $0.0055 after the repricings
    assert.deepEqual(byProvider.openai, [0.545, 2]);
    assert.deepEqual(byProvider["openai-compatible"], [0.011, 2]);
    const table = await runCli([
      "spend",
      "--project",
      "acme",
      "--by",
      "model",
      "--since",
      "2026-11-01",
      "--until",
      "2026-11-02",
      "-d",
      dataDir,
    ]);
    assert.match(table.stdout, /gpt-4o\s+\$0\.5450\s+2\s+█{30}/);
    const bad = await runCli(["spend", "--project", "acme", "--by", "week", "-d", dataDir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^burnrate: --by "week" is not one of day, hour/);
  });
});
