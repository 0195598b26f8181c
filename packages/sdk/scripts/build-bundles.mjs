import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * The published builds: ESM (`dist/bundle/index.mjs`) and CJS (`dist/bundle/index.cjs`), each with
 * `@burnrate/core/providers` inlined, so the package has zero runtime dependencies; for the neutral
 * platform (no Node-only import). The types are tsc's `dist/index.d.ts` (`tsc -b` first).
 */
const root = fileURLToPath(new URL("..", import.meta.url));
for (const [format, extension] of [
  ["esm", "mjs"],
  ["cjs", "cjs"],
]) {
  await build({
    entryPoints: [`${root}src/index.ts`],
    outfile: `${root}dist/bundle/index.${extension}`,
    bundle: true,
    format,
    platform: "neutral",
    target: "es2022",
    conditions: ["source"],
    mainFields: ["module", "main"],
    sourcemap: true,
    logLevel: "warning",
  });
}
