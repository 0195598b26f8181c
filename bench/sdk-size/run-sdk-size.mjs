import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundleSdk } from "./bundle-sdk.mjs";

/**
 * The SDK's size (min and min+gzip, against the 15 kB budget) and the latency it adds per call
 * against raw fetch on loopback: a fresh process per variant, alternating which goes first, median
 * of the rounds (STYLE.md habit 14).
 */
const BUDGET_BYTES = 15 * 1024;
const ROUNDS = Number(process.env.SDK_BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.SDK_BENCH_REQUESTS ?? 2000);

const minified = await bundleSdk();
const gzipped = gzipSync(minified, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
console.log("sdk bundle (esbuild, neutral platform, ESM, core inlined)");
console.log(`  min          ${kb(minified.length)}`);
console.log(
  `  min+gzip     ${kb(gzipped)}   budget ${kb(BUDGET_BYTES)}   ${gzipped <= BUDGET_BYTES ? "within" : "OVER"}`,
);

const dir = mkdtempSync(join(tmpdir(), "burnrate-sdk-bench-"));
const bundlePath = join(dir, "sdk.mjs");
writeFileSync(bundlePath, await bundleSdk({ minify: true, platform: "node" }));
const worker = fileURLToPath(new URL("./latency-worker.mjs", import.meta.url));
const results = { raw: [], wrapped: [] };
let failed = false;
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ["raw", "wrapped"] : ["wrapped", "raw"];
  for (const variant of order) {
    const run = spawnSync(process.execPath, [worker, variant, bundlePath, String(REQUESTS)], {
      encoding: "utf8",
    });
    if (run.status !== 0) {
      console.error(run.stderr);
      failed = true;
      continue;
    }
    results[variant].push(JSON.parse(run.stdout.trim().split("\n").at(-1)));
  }
}
rmSync(dir, { recursive: true, force: true });
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figure = (variant, key) => median(results[variant].map((result) => result[key]));
console.log(
  `\nper-call latency, loopback chat completion (${ROUNDS} rounds × ${REQUESTS} calls, median of rounds)`,
);
console.log("  variant      p50 µs     p99 µs");
for (const variant of ["raw", "wrapped"])
  console.log(
    `  ${variant.padEnd(10)} ${figure(variant, "p50").toFixed(0).padStart(8)} ${figure(variant, "p99").toFixed(0).padStart(10)}`,
  );
for (const key of ["p50", "p99"]) {
  const added = figure("wrapped", key) - figure("raw", key);
  console.log(
    `  ${key}: wrapped/raw ${(figure("wrapped", key) / figure("raw", key)).toFixed(3)}, added ${added.toFixed(0)} µs`,
  );
}
process.exitCode = failed ? 1 : 0;
