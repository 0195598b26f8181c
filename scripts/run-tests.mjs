#!/usr/bin/env node
// Runs every *.test.ts under packages/ with node's test runner, straight from the TypeScript
// sources (tsx, with the "source" export condition). Node 20's --test takes no globs, so the
// files are listed here. Extra arguments are passed to node --test (e.g. --test-name-pattern).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist") return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}
const files = findTests(join(root, "packages")).sort();
const result = spawnSync(
  process.execPath,
  [
    "--conditions=source",
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    ...process.argv.slice(2),
    ...files,
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "" } },
);
process.exit(result.status ?? 1);
