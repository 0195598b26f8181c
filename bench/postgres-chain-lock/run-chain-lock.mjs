import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { applyPostgresMigrations } from "../../packages/storage/dist/postgres/apply-postgres-migrations.js";
import { PostgresLedgerWriter } from "../../packages/storage/dist/postgres/postgres-ledger-writer.js";
import { createPostgresPool } from "../../packages/storage/dist/postgres/postgres-pool.js";
import { createBenchSchema, postgresUnavailable } from "../ingest-throughput/bench-database.mjs";
import { median } from "../ingest-throughput/print-summary.mjs";

/**
 * bench/postgres-chain-lock: what the per-project advisory lock costs. The PostgreSQL writer
 * appends batches straight to the database (no HTTP), one transaction each, with the lock and
 * without it (the same run, alternating order, a fresh schema per run, median of rounds):
 *  - one writer: the lock's own price, one extra statement per transaction;
 *  - two writers (two pools, as two instances) on one project: the lock serializes them;
 *    on two projects: they do not wait for each other. (Two writers on one project without the
 *    lock would fork the chain, so that case is not measured: it fails.)
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEAL_KEY = "bench-seal-key-0123456789";
const SOLO = [
  { batchSize: 1, transactions: 600 },
  { batchSize: 100, transactions: 150 },
  { batchSize: 1_000, transactions: 40 },
];
const PAIR = { batchSize: 100, transactions: 100 };

function makeBatch(projectId, size) {
  return Array.from({ length: size }, () => ({
    projectId,
    eventId: randomUUID(),
    entryType: "event",
    timestamp: Date.now(),
    receivedAt: Date.now(),
    environment: "production",
    source: "sdk",
    provider: "openai",
    model: "gpt-4o-mini",
    operation: "llm_call",
    inputTokens: 1200,
    outputTokens: 300,
    totalTokens: 1500,
    costNanos: 360_000,
    costSource: "CLIENT_SUPPLIED",
  }));
}

/** Runs `writers` (projects, one per writer) appending `transactions` batches each; returns transactions/s. */
async function measure({ batchSize, transactions }, { lock, projects }) {
  const schema = await createBenchSchema();
  const pools = projects.map(() => createPostgresPool({ url: schema.url, max: 2 }));
  try {
    await applyPostgresMigrations(pools[0]);
    const writers = pools.map((pool) => new PostgresLedgerWriter(pool, SEAL_KEY, lock));
    const batches = projects.map((project) =>
      Array.from({ length: transactions }, () => makeBatch(project, batchSize)),
    );
    const started = performance.now();
    await Promise.all(
      writers.map(async (writer, index) => {
        for (const batch of batches[index]) await writer.write([batch]);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return (transactions * projects.length) / seconds;
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await schema.drop();
  }
}

async function compare(label, variant, a, b) {
  const results = { a: [], b: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? ["a", "b"] : ["b", "a"])
      results[side].push(await measure(variant, side === "a" ? a.options : b.options));
  }
  const [rateA, rateB] = [median(results.a), median(results.b)];
  const costUs = (1e6 / rateA - 1e6 / rateB).toFixed(0);
  const events = (rate) => Math.round(rate * variant.batchSize).toLocaleString("en-US");
  console.log(
    `${label.padEnd(34)} ${a.name}: ${rateA.toFixed(0).padStart(5)} tx/s (${events(rateA).padStart(7)} events/s)` +
      `  ${b.name}: ${rateB.toFixed(0).padStart(5)} tx/s (${events(rateB).padStart(7)} events/s)` +
      `  ${a.name} costs ${costUs} µs/tx (${((rateB / rateA - 1) * 100).toFixed(1)}%)`,
  );
}

const problem = await postgresUnavailable();
if (problem) {
  console.log(`postgres-chain-lock: skipped, no PostgreSQL (${problem}); set BENCH_DATABASE_URL`);
} else {
  console.log(
    `postgres chain lock: PostgresLedgerWriter straight to the database, ${ROUNDS} rounds (median)`,
  );
  const locked = { name: "lock", options: { lock: true, projects: ["p"] } };
  const unlocked = { name: "no lock", options: { lock: false, projects: ["p"] } };
  for (const variant of SOLO)
    await compare(`1 writer, batch ${variant.batchSize}`, variant, locked, unlocked);
  await compare(
    `2 writers, batch ${PAIR.batchSize}`,
    PAIR,
    { name: "1 project", options: { lock: true, projects: ["p", "p"] } },
    { name: "2 projects", options: { lock: true, projects: ["p", "q"] } },
  );
}
