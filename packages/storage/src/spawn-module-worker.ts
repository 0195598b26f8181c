import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on the module `name` beside the module at `base` (pass import.meta.url).
 * Built, that is `name.js`. Run from sources (the tests, under tsx), Node 20 does not apply
 * --import hooks to a worker's entry, so tsx is registered first and `name.ts` imported.
 */
export function spawnModuleWorker(base: string, name: string, workerData: unknown): Worker {
  if (!base.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, base), { workerData });
  const entry = JSON.stringify(new URL(`./${name}.ts`, base).href);
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
