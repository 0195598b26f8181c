#!/usr/bin/env node
// Aggregation latency over a large ledger: 30-day spend by model and by feature, served from the
// hourly rollups, against a scan of the ledger itself (the baseline) on the same data in the same
// run. SQLite always; PostgreSQL too when BENCH_DATABASE_URL (or the local test database) answers.
// Env: BENCH_SPEND_EVENTS (default 5,000,000), BENCH_SPEND_RUNS (default 15).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStorage } from "@burnrate/storage";
import { openPostgresForBench } from "./open-postgres-for-bench.mjs";

const EVENTS = Number(process.env.BENCH_SPEND_EVENTS ?? 5_000_000);
const RUNS = Number(process.env.BENCH_SPEND_RUNS ?? 15);
const BASELINE_RUNS = 3;
const BATCH = 5_000;
const DAYS = 30;
const END = Date.UTC(2026, 10, 1);
const START = END - DAYS * 86_400_000;
const MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "o3",
  "o4-mini",
  "gpt-5",
  "claude-sonnet-4-5",
  "claude-haiku-4-5",
  "claude-opus-4-1",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
  "deepseek-chat",
];
const PROVIDERS = [
  "openai",
  "openai",
  "openai",
  "openai",
  "openai",
  "openai",
  "anthropic",
  "anthropic",
  "anthropic",
  "gemini",
  "gemini",
  "deepseek",
];

function entry(index) {
  const m = index % MODELS.length;
  return {
    projectId: "bench",
    eventId: `e${index}`,
    entryType: "event",
    timestamp: START + Math.floor((index / EVENTS) * DAYS * 86_400_000),
    receivedAt: END,
    environment: index % 10 === 0 ? "staging" : "production",
    source: "ingest",
    provider: PROVIDERS[m],
    model: MODELS[m],
    operation: "llm_call",
    featureId: `feature-${index % 20}`,
    agentId: `agent-${index % 10}`,
    userTier: ["free", "pro", "enterprise"][index % 3],
    customerId: `customer-${index % 5000}`,
    inputTokens: 500 + (index % 2000),
    outputTokens: 50 + (index % 500),
    costNanos: 10_000 + (index % 90_000),
    costSource: "CLIENT_SUPPLIED",
  };
}

async function fill(storage, label) {
  const started = performance.now();
  let lastReport = started;
  for (let index = 0; index < EVENTS; index += BATCH) {
    const batch = [];
    for (let offset = index; offset < Math.min(EVENTS, index + BATCH); offset++) batch.push(entry(offset));
    await storage.ledger.append(batch);
    if (process.stderr.isTTY && performance.now() - lastReport > 1000) {
      lastReport = performance.now();
      process.stderr.write(`\r${label}: loading ${index + BATCH}/${EVENTS}`);
    }
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  return (performance.now() - started) / 1000;
}

async function time(storage, query, runs) {
  const samples = [];
  let rows;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    rows = await storage.ledger.spendSummary(query);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)], max: samples[samples.length - 1], rows };
}

async function measure(label, storage) {
  const loadSeconds = await fill(storage, label);
  const results = [];
  for (const groupBy of [["model"], ["featureId"], ["day", "model"]]) {
    const query = { projectId: "bench", from: START, to: END, groupBy };
    const rollups = await time(storage, query, RUNS);
    const scan = await time(storage, { ...query, source: "ledger" }, BASELINE_RUNS);
    if (JSON.stringify(rollups.rows) !== JSON.stringify(scan.rows))
      throw new Error(`${label}: rollups and scan disagree for ${groupBy}`);
    results.push({
      backend: label,
      query: `30 days by ${groupBy.join("+")}`,
      rollupsP50: rollups.p50,
      rollupsMax: rollups.max,
      scanP50: scan.p50,
    });
  }
  console.log(
    `${label}: loaded ${EVENTS.toLocaleString("en-US")} events in ${loadSeconds.toFixed(1)} s (${Math.round(EVENTS / loadSeconds).toLocaleString("en-US")} events/s through LedgerStore.append)`,
  );
  return results;
}

const rows = [];
const dir = mkdtempSync(join(tmpdir(), "burnrate-spend-bench-"));
try {
  const sqlite = openSqliteStorage({
    file: join(dir, "bench.db"),
    sealKey: "bench-seal-key-0123456789",
    synchronous: "normal",
  });
  try {
    rows.push(...(await measure("sqlite", sqlite)));
  } finally {
    await sqlite.close();
  }
  const postgres = await openPostgresForBench();
  if (postgres === undefined)
    console.log("postgres: skipped (no database answered at BENCH_DATABASE_URL or 127.0.0.1:5432/test)");
  else {
    try {
      rows.push(...(await measure("postgres", postgres.storage)));
    } finally {
      await postgres.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\n| backend | query | rollups p50 ms | rollups max ms | ledger scan p50 ms (baseline) | speed-up | target p50 < 200 ms |`,
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | --- |");
for (const row of rows)
  console.log(
    `| ${row.backend} | ${row.query} | ${row.rollupsP50.toFixed(1)} | ${row.rollupsMax.toFixed(1)} | ${row.scanP50.toFixed(0)} | ${(row.scanP50 / row.rollupsP50).toFixed(0)}× | ${row.rollupsP50 < 200 ? "met" : "MISSED"} |`,
  );
