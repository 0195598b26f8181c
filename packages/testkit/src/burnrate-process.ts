import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaForDataDir, testBackend } from "./test-database.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI_ENTRY = fileURLToPath(new URL("../../cli/src/cli-entry.ts", import.meta.url));
/** Runs the CLI from its TypeScript sources, as the tests' own code is run. */
const NODE_ARGS = ["--conditions=source", "--import", "tsx", CLI_ENTRY];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The data dir a CLI run works on, as the CLI itself resolves it. */
function dataDirOf(args: string[], env: NodeJS.ProcessEnv): string {
  for (const [index, arg] of args.entries()) {
    if ((arg === "--data-dir" || arg === "-d") && args[index + 1] !== undefined) return args[index + 1]!;
    if (arg.startsWith("--data-dir=")) return arg.slice("--data-dir=".length);
  }
  return env.BURNRATE_DATA_DIR || join(REPO_ROOT, ".burnrate");
}

/**
 * The environment of a CLI or server process. On the PostgreSQL test backend, its data dir's
 * schema becomes BURNRATE_DATABASE_URL (unless the test sets one itself).
 */
async function processEnv(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "", ...extra };
  if (testBackend() === "postgres" && extra.BURNRATE_DATABASE_URL === undefined) {
    env.BURNRATE_DATABASE_URL = (await schemaForDataDir(dataDirOf(args, env))).url;
  }
  return env;
}

/** Runs `burnrate <args>` to completion. */
export async function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  const env = await processEnv(args, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Creates an API key in a data dir through the CLI and returns it. */
export async function createKeyWithCli(dataDir: string, projectId: string, scope = "admin"): Promise<string> {
  const result = await runCli([
    "keys",
    "create",
    "--project",
    projectId,
    "--scope",
    scope,
    "--json",
    "--data-dir",
    dataDir,
  ]);
  if (result.code !== 0) throw new Error(`keys create failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { key: string }).key;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `burnrate serve` on a free port and resolves once it prints its listening line. */
export async function startServerProcess(
  dataDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const args = ["serve", "--port", "0", "--data-dir", dataDir];
  const env = await processEnv(args, extraEnv);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: REPO_ROOT, env });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout.off("data", onData);
        resolve({
          url: match[1]!,
          child,
          exited,
          stop: (signal = "SIGTERM") => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) =>
      reject(new Error(`burnrate serve exited (${code}) before listening:\n${output}`)),
    );
  });
}
