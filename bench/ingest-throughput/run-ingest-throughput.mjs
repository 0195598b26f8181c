import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchSchema, postgresUnavailable } from "./bench-database.mjs";
import { BURNRATE_CLI, createIngestKey, verifyLedger } from "./burnrate-cli.mjs";
import { makeEventBodies } from "./make-event-bodies.mjs";
import { formatRun, formatTable, summarizeRounds } from "./print-summary.mjs";
import { sendBodies } from "./send-bodies.mjs";
import { findFreePort, startServerProcess } from "./server-process.mjs";

/**
 * bench/ingest-throughput: events/s through the real server (`burnrate serve`) on SQLite and on
 * PostgreSQL, against an empty handler on the same HTTP stack, all measured in the same run.
 * Each run gets a fresh process (and a fresh data dir, or PostgreSQL schema); the order of the
 * servers rotates; figures are medians of the rounds.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 16;
const BASELINE_SERVER = fileURLToPath(new URL("./empty-handler-server.mjs", import.meta.url));
/** Sized for a few seconds of load each; `warmup` requests go first and are not measured. */
const VARIANTS = [
  {
    batchSize: 1,
    warmup: 2_000,
    amount: 12_000,
    targets: { sqlite: { label: ">= 3,000 req/s", met: (f) => f.requestsPerSecond >= 3_000 } },
  },
  { batchSize: 100, warmup: 100, amount: 1_000 },
  {
    batchSize: 1_000,
    warmup: 32,
    amount: 160,
    targets: {
      sqlite: { label: ">= 50,000 events/s", met: (f) => f.eventsPerSecond >= 50_000 },
      postgres: { label: ">= 20,000 events/s", met: (f) => f.eventsPerSecond >= 20_000 },
    },
  },
];
/** BENCH_BATCH_SIZES=1000 (comma-separated) runs only those variants. */
const ONLY_BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? "").split(",").filter(Boolean).map(Number);
const SELECTED_VARIANTS =
  ONLY_BATCH_SIZES.length === 0
    ? VARIANTS
    : VARIANTS.filter((variant) => ONLY_BATCH_SIZES.includes(variant.batchSize));
/** Node flags for the burnrate server, e.g. BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);

/** BENCH_BACKENDS=sqlite (comma-separated) picks the backends; PostgreSQL joins when it is reachable. */
const postgresProblem = await postgresUnavailable();
const BACKENDS = (process.env.BENCH_BACKENDS ?? (postgresProblem ? "sqlite" : "sqlite,postgres"))
  .split(",")
  .filter(Boolean);
if (postgresProblem) console.log(`PostgreSQL skipped: ${postgresProblem} (set BENCH_DATABASE_URL)`);

/** The last store of each backend, verified with `burnrate ledger verify` at the end. */
const lastStores = new Map();

async function startBurnrate(backend) {
  const dataDir = await mkdtemp(join(tmpdir(), "burnrate-bench-"));
  const schema = backend === "postgres" ? await createBenchSchema() : undefined;
  const env = schema ? { BURNRATE_DATABASE_URL: schema.url } : {};
  const apiKey = await createIngestKey(dataDir, env);
  const port = await findFreePort();
  const args = [BURNRATE_CLI, "serve", "--port", String(port), "--data-dir", dataDir];
  const server = await startServerProcess(args, "burnrate listening on", SERVER_NODE_FLAGS, env);
  await lastStores.get(backend)?.remove();
  lastStores.set(backend, {
    dataDir,
    env,
    remove: async () => {
      await rm(dataDir, { recursive: true, force: true });
      await schema?.drop();
    },
  });
  return { url: `http://127.0.0.1:${port}`, apiKey, server };
}

async function startBaseline() {
  const port = await findFreePort();
  const server = await startServerProcess([BASELINE_SERVER, String(port)], "baseline listening on");
  return { url: `http://127.0.0.1:${port}`, apiKey: "none", server };
}

async function measure(serverName, { batchSize, warmup, amount }, bodies) {
  const { url, apiKey, server } =
    serverName === "baseline" ? await startBaseline() : await startBurnrate(serverName);
  bodies.rewind();
  try {
    await sendBodies({ url, apiKey, bodies, amount: warmup, connections: CONNECTIONS });
    const sent = await sendBodies({ url, apiKey, bodies, amount, connections: CONNECTIONS });
    const problems = [];
    if (bodies.reused() > 0) problems.push(`${bodies.reused()} bodies sent twice`);
    const expected = sent.ok * batchSize;
    if (serverName !== "baseline" && sent.stored.accepted !== expected) {
      problems.push(
        `stored ${sent.stored.accepted} of ${expected} events (${sent.stored.duplicates} duplicates, ${sent.stored.rejected} rejected)`,
      );
    }
    const { seconds, ok, non2xx, errors, p50Ms, p99Ms } = sent;
    return {
      requestsPerSecond: ok / seconds,
      eventsPerSecond: expected / seconds,
      p50Ms,
      p99Ms,
      non2xx,
      errors,
      problems,
    };
  } finally {
    await server.stop();
  }
}

const flags = SERVER_NODE_FLAGS.length > 0 ? `, server flags ${SERVER_NODE_FLAGS.join(" ")}` : "";
const sync = process.env.BURNRATE_SQLITE_SYNCHRONOUS ?? "full (default)";
console.log(
  `ingest throughput: POST /v1/events, ${CONNECTIONS} connections, ${ROUNDS} rounds, backends ${BACKENDS.join(", ")}, SQLite synchronous=${sync}${flags}`,
);
const pools = SELECTED_VARIANTS.map((variant) =>
  makeEventBodies(variant.warmup + variant.amount + 2 * CONNECTIONS, variant.batchSize),
);
const SERVERS = [...BACKENDS, "baseline"];
const runs = SELECTED_VARIANTS.map(() => Object.fromEntries(SERVERS.map((server) => [server, []])));
let problemCount = 0;
for (let round = 1; round <= ROUNDS; round++) {
  for (const [index, variant] of SELECTED_VARIANTS.entries()) {
    // Rotate who goes first, so no server always gets the coolest machine.
    const shift = (round + index) % SERVERS.length;
    const order = [...SERVERS.slice(shift), ...SERVERS.slice(0, shift)];
    for (const server of order) {
      const run = await measure(server, variant, pools[index]);
      problemCount += run.problems.length + (run.non2xx + run.errors > 0 ? 1 : 0);
      runs[index][server].push(run);
      console.log(formatRun({ round, batchSize: variant.batchSize, server, run }));
    }
  }
}

const rows = SELECTED_VARIANTS.map((variant, index) => ({
  batchSize: variant.batchSize,
  backends: BACKENDS.map((name) => ({
    name,
    figures: summarizeRounds(runs[index][name]),
    target: variant.targets?.[name],
  })),
  baseline: summarizeRounds(runs[index].baseline),
}));
console.log(
  `\nmedian of ${ROUNDS} rounds (vs baseline: events/s ÷ empty-handler events/s; vs sqlite: events/s ÷ SQLite's)`,
);
console.log(formatTable(rows));
let verified = true;
for (const [backend, store] of lastStores) {
  const verification = await verifyLedger(store.dataDir, store.env);
  verified &&= verification.ok;
  console.log(
    `last ${backend} ledger (batch ${SELECTED_VARIANTS.at(-1).batchSize}, round ${ROUNDS}): ${verification.verdict}`,
  );
  await store.remove();
}
if (problemCount > 0 || !verified) {
  console.log(
    `\n${problemCount} run problem(s) or a failed ledger check: the figures above are not trustworthy`,
  );
  process.exitCode = 1;
}
