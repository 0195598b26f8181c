import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** `npm run bench`: builds the workspace (`tsc -b`), then runs each benchmark in its own process. */
const root = fileURLToPath(new URL("..", import.meta.url));
const BENCHMARKS = [
  "bench/ingest-throughput/run-ingest-throughput.mjs",
  "bench/spend-query/run-spend-query.mjs",
  "bench/postgres-chain-lock/run-chain-lock.mjs",
  "bench/postgres-writer/run-writer-only.mjs",
  "bench/sdk-size/run-sdk-size.mjs",
  "bench/budget-authorize/run-budget-authorize.mjs",
];

function run(args) {
  const { status, signal } = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  return signal ? 1 : (status ?? 1);
}

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
if (run([tsc, "-b"]) !== 0) {
  console.error("bench: the build (tsc -b) failed");
  process.exit(1);
}
let failed = 0;
for (const benchmark of BENCHMARKS) {
  console.log(`\n== ${benchmark}`);
  if (run([benchmark]) !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
