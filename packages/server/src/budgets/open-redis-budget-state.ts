import { Redis } from "ioredis";
import { RedisBudgetState } from "./redis-budget-state.js";

export interface RedisBudgetStateOptions {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. May hold a password: never logged. */
  url: string;
  /** Put before every key, so deployments and test runs can share one Redis. Default "burnrate:". */
  keyPrefix?: string;
  /** How long a command may wait for its reply before it fails. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Where the one line per outage goes. Default stderr. */
  onError?: (message: string) => void;
}

export const DEFAULT_REDIS_KEY_PREFIX = "burnrate:";
const DEFAULT_COMMAND_TIMEOUT_MS = 1000;

/**
 * Connects to Redis for budget state. A budget check sits in front of every proxied call, so a
 * Redis that is down or stuck must fail the check fast rather than stall the call: no offline
 * queue (a command while disconnected fails at once), a short command timeout, one attempt per
 * command, and reconnection in the background. Waits for the first connection attempt (a second at
 * most), so a reachable Redis is ready on return; an unreachable one is not an error here: the
 * server starts, budget checks fail until Redis is back, and ping() says why.
 */
export async function openRedisBudgetState(options: RedisBudgetStateOptions): Promise<RedisBudgetState> {
  const commandTimeout = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const connectTimeout = Math.max(commandTimeout, 1000);
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    // Measured with 64 concurrent reserve+settle loops: auto-pipelining was no faster overall
    // (±10%, slower with one budget). Redis' time running the scripts is the limit, not round
    // trips: one loop alone got as many pairs per second as 64.
    enableAutoPipelining: false,
    commandTimeout,
    connectTimeout,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  reportOutages(client, options.url, options.onError ?? ((message) => console.error(`burnrate: ${message}`)));
  await firstAttempt(client.connect(), connectTimeout);
  return new RedisBudgetState(client, options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX);
}

/** Waits for the connection, or its failure, for at most `ms`: the server starts either way. */
async function firstAttempt(connecting: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([connecting.catch(() => {}), timeout]);
  clearTimeout(timer);
}

/**
 * Listens for the client's errors (an unheard 'error' event would crash the process) and reports
 * the first of each outage only, as a retrying client raises one per attempt. The message names
 * the cause, never the URL, and any password in it is masked.
 */
function reportOutages(client: Redis, url: string, onError: (message: string) => void): void {
  const secrets = urlSecrets(url);
  let down = false;
  client.on("ready", () => {
    down = false;
  });
  client.on("error", (error: Error) => {
    if (down) return;
    down = true;
    let cause = error.message || (error as { code?: string }).code || error.name;
    for (const secret of secrets) cause = cause.replaceAll(secret, "***");
    onError(
      `Redis budget state unavailable (${cause}); failing budget checks fast, reconnecting in the background`,
    );
  });
}

function urlSecrets(url: string): string[] {
  try {
    const password = new URL(url).password;
    return password === "" ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}
