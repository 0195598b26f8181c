import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { normalizeEvent } from "../../packages/core/dist/index.js";
import { createBenchSchema, postgresUnavailable } from "../ingest-throughput/bench-database.mjs";
import { makeEvent } from "../ingest-throughput/make-event-bodies.mjs";
import { median } from "../ingest-throughput/print-summary.mjs";

/**
 * bench/postgres-writer: the PostgreSQL ledger store alone, no HTTP. Batches of normalized events
 * (the objects the ingest route hands to `ledger.append`) are appended through the store as the
 * server does, with `BENCH_IN_FLIGHT` appends pending at once (16, as the ingest bench's
 * connections, so group commit has something to gather; 1 gives one transaction per batch).
 * Besides events/s it reports the main thread's event-loop utilization while appending: the
 * share of the main thread the writer leaves no longer to the HTTP server.
 * `BENCH_STORAGE_DISTS=packages/storage/dist,other/build/of/storage/dist` compares builds of
 * @burnrate/storage (e.g. before and after a change) in the same run, taking turns.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 1_000);
const IN_FLIGHT = (process.env.BENCH_IN_FLIGHT ?? "1,16").split(",").map(Number);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 120);
const WARMUP = 16;
const SEAL_KEY = "bench-seal-key-0123456789";
const root = new URL("../../", import.meta.url);
const DISTS = (process.env.BENCH_STORAGE_DISTS ?? "packages/storage/dist").split(",");
const BUILDS = await Promise.all(
  DISTS.map(async (dist) => {
    const at = (file) => pathToFileURL(resolve(root.pathname, dist, file)).href;
    const { openPostgresStorage } = await import(at("postgres/open-postgres-storage.js"));
    const { verifyLedger } = await import(at("verify-ledger.js"));
    return { dist, openPostgresStorage, verifyLedger };
  }),
);

/** One batch as the ingest route appends it: normalized (zod-validated), completed in place. */
function makeBatch(size) {
  const now = Date.now();
  return Array.from({ length: size }, () => {
    const raw = makeEvent();
    const outcome = normalizeEvent(raw, { projectId: "bench", defaultSource: "sdk", now });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    return Object.assign(outcome.event, {
      projectId: "bench",
      entryType: "event",
      receivedAt: now,
      engineCostNanos: 360_000,
    });
  });
}

/** Appends `batches` keeping `inFlight` appends pending; returns events/s and main-thread utilization. */
async function appendAll(ledger, batches, inFlight) {
  let next = 0;
  const appender = async () => {
    while (next < batches.length) {
      const outcomes = await ledger.append(batches[next++]);
      if (outcomes.some((outcome) => outcome.status !== "inserted")) throw new Error("not inserted");
    }
  };
  const started = performance.now();
  const busyBefore = performance.eventLoopUtilization();
  await Promise.all(Array.from({ length: inFlight }, appender));
  const utilization = performance.eventLoopUtilization(busyBefore).utilization;
  const seconds = (performance.now() - started) / 1000;
  return { eventsPerSecond: (batches.length * BATCH_SIZE) / seconds, utilization };
}

async function measure({ openPostgresStorage, verifyLedger }, inFlight) {
  const schema = await createBenchSchema();
  const storage = await openPostgresStorage({ url: schema.url, sealKey: SEAL_KEY });
  try {
    await appendAll(
      storage.ledger,
      Array.from({ length: WARMUP }, () => makeBatch(BATCH_SIZE)),
      inFlight,
    );
    const batches = Array.from({ length: BATCHES }, () => makeBatch(BATCH_SIZE));
    const result = await appendAll(storage.ledger, batches, inFlight);
    const report = await verifyLedger(storage.ledger, { sealKey: SEAL_KEY });
    if (!report.ok) throw new Error(`broken ledger: ${JSON.stringify(report.problems.slice(0, 3))}`);
    return result;
  } finally {
    await storage.close();
    await schema.drop();
  }
}

const problem = await postgresUnavailable();
if (problem) {
  console.log(`postgres-writer: skipped, no PostgreSQL (${problem}); set BENCH_DATABASE_URL`);
} else {
  console.log(
    `postgres writer alone: ledger.append of ${BATCHES} batches of ${BATCH_SIZE}, ${ROUNDS} rounds (median)`,
  );
  for (const inFlight of IN_FLIGHT) {
    const runs = BUILDS.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      for (let turn = 0; turn < BUILDS.length; turn++) {
        const index = (turn + round) % BUILDS.length;
        const run = await measure(BUILDS[index], inFlight);
        runs[index].push(run);
        console.log(
          `round ${round} in flight ${String(inFlight).padStart(2)} ${BUILDS[index].dist}  ${Math.round(run.eventsPerSecond).toLocaleString("en-US").padStart(7)} events/s  main thread ${(run.utilization * 100).toFixed(0)}% busy`,
        );
      }
    }
    for (const [index, build] of BUILDS.entries()) {
      const events = Math.round(median(runs[index].map((run) => run.eventsPerSecond))).toLocaleString(
        "en-US",
      );
      const busy = (median(runs[index].map((run) => run.utilization)) * 100).toFixed(0);
      console.log(
        `in flight ${String(inFlight).padStart(2)} ${build.dist}: ${events.padStart(7)} events/s, main thread ${busy}% busy`,
      );
    }
  }
}
