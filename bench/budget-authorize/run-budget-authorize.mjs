import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { authorizeCall } from "@burnrate/core";
import * as server from "@burnrate/server";
import { openSqliteStorage } from "@burnrate/storage";
import { median } from "../ingest-throughput/print-summary.mjs";

/**
 * bench/budget-authorize: budget decisions per second and their latency. Each decision is the
 * server's whole path behind POST /v1/budget/authorize minus HTTP: find the budgets that apply
 * (three here: project daily block, agent monthly block, feature rolling-24h warn), decide and
 * reserve the worst case atomically, then settle to the real cost. Measured with the in-process
 * state and with Redis (BURNRATE_BENCH_REDIS_URL, default redis://127.0.0.1:6379), against the
 * same run's baseline: core's pure decision on the same budgets, no state at all.
 * Targets (issue 7): >= 20,000 decisions/s in-process, >= 5,000/s with Redis, on 2 cores.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 20_000);
const CONCURRENCY = 64;
const LATENCY_SAMPLES = 2_000;
const REDIS_URL = process.env.BURNRATE_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const DOLLAR = 1_000_000_000;
const fmt = (value, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

const ALL_POLICIES = [
  {
    id: "daily",
    policy: {
      scope: {},
      window: { kind: "daily", timeZone: "Europe/Paris" },
      limitUsd: 1e6,
      action: "block",
    },
  },
  {
    id: "agent",
    policy: {
      scope: { agentId: "bot" },
      window: { kind: "monthly", timeZone: "UTC" },
      limitUsd: 1e6,
      action: "block",
    },
  },
  {
    id: "feature",
    policy: {
      scope: { featureId: "search" },
      window: { kind: "rolling", hours: 24 },
      limitUsd: 1e6,
      action: "warn",
    },
  },
];
/** The two sets measured: the seed's one project-wide daily budget, and three (one of them rolling, 25 hourly counters). */
const BUDGET_SETS = { "1 budget": ALL_POLICIES.slice(0, 1), "3 budgets": ALL_POLICIES };

async function openGuard(storage, state, policies) {
  const service = server.createBudgetGuard({ storage, secret: "bench-secret-0123456789", state });
  const now = Date.now();
  const projectId = `bench-${randomUUID().slice(0, 8)}`;
  for (const { id, policy } of policies)
    await storage.budgets.put({
      id,
      projectId,
      policy: { alertThresholds: [0.5, 0.8, 1], ...policy },
      createdAt: now,
      updatedAt: now,
    });
  await service.start();
  return { service, projectId };
}

const call = { agentId: "bot", featureId: "search", provider: "openai", model: "gpt-4o" };
const worstCase = { costNanos: 0.02 * DOLLAR, tokens: 5_000 };
const actual = { costNanos: 0.01 * DOLLAR, tokens: 2_000 };

/** One decision: authorize (reserve) then settle. */
async function decide(guard, projectId) {
  const decision = await guard.authorize(projectId, call, worstCase, 60_000);
  if (!decision.allowed || decision.reservationId === undefined) throw new Error("refused");
  await guard.settle(projectId, decision.reservationId, actual);
}

async function throughput(run) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < DECISIONS) await run();
    }),
  );
  return DECISIONS / ((performance.now() - start) / 1000);
}

async function latency(run) {
  const samples = [];
  for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)], p99: samples[Math.floor(samples.length * 0.99)] };
}

async function measure(name, run) {
  await throughput(run); // warm-up
  const rates = [];
  const lat = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    rates.push(await throughput(run));
    lat.push(await latency(run));
    console.log(
      `round ${round} ${name.padEnd(10)} ${fmt(rates.at(-1)).padStart(9)} decisions/s  p50 ${fmt(lat.at(-1).p50 * 1000)} µs  p99 ${fmt(lat.at(-1).p99 * 1000)} µs`,
    );
  }
  return {
    name,
    rate: median(rates),
    p50: median(lat.map((l) => l.p50)),
    p99: median(lat.map((l) => l.p99)),
  };
}

const dir = mkdtempSync(join(tmpdir(), "burnrate-bench-budget-"));
const storage = openSqliteStorage({ file: join(dir, "ledger.db"), sealKey: "bench-seal" });
const results = [];
try {
  let redisReason;
  const probe = await server
    .openRedisBudgetState({ url: REDIS_URL, keyPrefix: "burnrate-bench-probe:", onError: () => {} })
    .catch((error) => {
      redisReason = error.message;
    });
  await probe?.ping().catch((error) => {
    redisReason = error.message;
  });
  await probe?.close();
  if (redisReason !== undefined) console.log(`redis: skipped (${redisReason})`);
  for (const [set, policies] of Object.entries(BUDGET_SETS)) {
    const memory = await openGuard(storage, new server.InMemoryBudgetState(), policies);
    const budgets = memory.service.guard.applicable(memory.projectId, call, Date.now());
    const usage = { spentNanos: 0, reservedNanos: 0, requests: 0, tokens: 0 };
    const pure = budgets.map((budget) => ({ id: budget.record.id, policy: budget.record.policy, usage }));
    results.push({
      set,
      ...(await measure(`${set}: baseline`, async () =>
        authorizeCall(pure, worstCase.costNanos, worstCase.tokens),
      )),
      kind: "baseline",
    });
    results.push({
      set,
      ...(await measure(`${set}: in-process`, () => decide(memory.service.guard, memory.projectId))),
      kind: "in-process",
    });
    await memory.service.close();
    if (redisReason !== undefined) continue;
    const state = await server.openRedisBudgetState({
      url: REDIS_URL,
      keyPrefix: `burnrate-bench:${randomUUID()}:`,
    });
    const redis = await openGuard(storage, state, policies);
    results.push({
      set,
      ...(await measure(`${set}: redis`, () => decide(redis.service.guard, redis.projectId))),
      kind: "redis",
    });
    await redis.service.close();
  }
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}

const targets = { "in-process": 20_000, redis: 5_000 };
console.log(
  `\nbudget decisions (authorize + settle), concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds:`,
);
console.log("budgets    state       decisions/s  ÷ baseline   p50 µs   p99 µs  added p50 µs  target");
for (const result of results) {
  const target = targets[result.kind];
  const baseline = results.find((candidate) => candidate.set === result.set && candidate.kind === "baseline");
  console.log(
    [
      result.set.padEnd(10),
      result.kind.padEnd(10),
      fmt(result.rate).padStart(12),
      `${(result.rate / baseline.rate).toFixed(4)}×`.padStart(11),
      fmt(result.p50 * 1000).padStart(8),
      fmt(result.p99 * 1000).padStart(8),
      fmt((result.p50 - baseline.p50) * 1000).padStart(13),
      target === undefined ? "" : `  >= ${fmt(target)}/s ${result.rate >= target ? "met" : "NOT met"}`,
    ].join(" "),
  );
}
