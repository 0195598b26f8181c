import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("../../packages/sdk/src/index.ts", import.meta.url));

/** The SDK bundled alone (core inlined) as an app would ship it: minified, for the neutral platform. */
export async function bundleSdk({ minify = true, platform = "neutral" } = {}) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify,
    format: "esm",
    platform,
    target: "es2022",
    conditions: ["source"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].contents;
}
