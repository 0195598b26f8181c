import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The real CLI, as an operator runs it (built by `tsc -b`). */
export const BURNRATE_CLI = fileURLToPath(new URL("../../packages/cli/bin/burnrate.js", import.meta.url));
const run = promisify(execFile);

/**
 * Creates an ingest key for project "bench" in `dataDir` (creating the data dir's store, or the
 * PostgreSQL schema when `env` has BURNRATE_DATABASE_URL) and returns the key.
 */
export async function createIngestKey(dataDir, env = {}) {
  const args = ["keys", "create", "--project", "bench", "--scope", "ingest", "--json", "--data-dir", dataDir];
  const { stdout } = await run(process.execPath, [BURNRATE_CLI, ...args], {
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout).key;
}

/** Runs `burnrate ledger verify` on `dataDir`; returns its verdict line and whether every chain is intact. */
export async function verifyLedger(dataDir, env = {}) {
  try {
    const args = [BURNRATE_CLI, "ledger", "verify", "--data-dir", dataDir];
    const { stdout } = await run(process.execPath, args, { env: { ...process.env, ...env } });
    return { ok: true, verdict: stdout.trim() };
  } catch (error) {
    return { ok: false, verdict: `${error.stdout ?? ""}${error.stderr ?? ""}`.trim() || String(error) };
  }
}
