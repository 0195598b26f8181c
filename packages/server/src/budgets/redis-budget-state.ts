import type { Redis } from "ioredis";
import type {
  BudgetState,
  CallCost,
  CounterCheck,
  ReadOutcome,
  ReserveOutcome,
  SeedUsage,
  SettleOutcome,
} from "./budget-state.js";
import {
  amountArgument,
  checksArguments,
  optionalNumberArgument,
  readOutcome,
  reserveOutcome,
  type UsageReply,
} from "./redis-budget-arguments.js";
import { defineBudgetScripts } from "./redis-budget-scripts.js";

/** How long a settled reservation id is remembered, so a retried settlement is not counted twice. */
const SETTLED_MEMORY_MS = 3_600_000;
/**
 * How long a reservation's record outlives its expiry before Redis drops it by itself. Sweeps
 * (driven by the callers' clock) release expired reservations from their counters with or without
 * it; this only bounds the memory of those whose counters nobody reads again.
 */
const RESERVATION_KEEP_MS = 3_600_000;

/**
 * Budget counters and reservations in Redis, shared by every instance of the server: one Lua
 * script per method (redis-budget-scripts.ts), so deciding and reserving is one atomic round trip
 * however many instances call at once. Expiry of reservations follows the `now` of the calls, as
 * in InMemoryBudgetState; counters expire on Redis' clock at their window's end. Every key lives
 * under `keyPrefix`, so deployments and test runs can share one Redis. Single-node Redis only
 * (see redis-budget-scripts.ts for why not Cluster). Open one with openRedisBudgetState.
 */
export class RedisBudgetState implements BudgetState {
  readonly kind = "redis";
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #scripts: ReturnType<typeof defineBudgetScripts>;

  /** Takes ownership of `client`: close() disconnects it. */
  constructor(client: Redis, keyPrefix: string) {
    this.#client = client;
    this.#prefix = keyPrefix;
    this.#scripts = defineBudgetScripts(client);
  }

  async seed(key: string, usage: SeedUsage, expiresAt: number): Promise<void> {
    await this.#scripts.burnrateBudgetSeed(
      this.#prefix,
      key,
      amountArgument("spentNanos", usage.spentNanos),
      amountArgument("requests", usage.requests),
      amountArgument("tokens", usage.tokens),
      optionalNumberArgument(Math.ceil(expiresAt)),
    );
  }

  async reserve(
    id: string,
    checks: readonly CounterCheck[],
    worstCase: CallCost,
    ttlMs: number,
    now: number,
  ): Promise<ReserveOutcome> {
    const reply = await this.#scripts.burnrateBudgetReserve(
      this.#prefix,
      id,
      String(now),
      String(now + ttlMs),
      amountArgument("costNanos", worstCase.costNanos),
      amountArgument("tokens", worstCase.tokens),
      String(Math.ceil(Math.max(ttlMs, 0) + RESERVATION_KEEP_MS)),
      ...checksArguments(checks),
    );
    return reserveOutcome(reply as UsageReply);
  }

  async settle(id: string, actual: CallCost, now: number): Promise<SettleOutcome> {
    const reply = await this.#scripts.burnrateBudgetSettle(
      this.#prefix,
      id,
      String(now),
      amountArgument("costNanos", actual.costNanos),
      amountArgument("tokens", actual.tokens),
      String(SETTLED_MEMORY_MS),
    );
    return reply as SettleOutcome;
  }

  async record(
    writeKeys: readonly string[],
    actual: CallCost & { requests?: number },
    now: number,
  ): Promise<void> {
    if (writeKeys.length === 0) return;
    await this.#scripts.burnrateBudgetRecord(
      this.#prefix,
      String(now),
      amountArgument("costNanos", actual.costNanos),
      amountArgument("tokens", actual.tokens),
      amountArgument("requests", actual.requests ?? 1),
      ...new Set(writeKeys),
    );
  }

  async read(checks: readonly CounterCheck[], now: number): Promise<ReadOutcome> {
    const reply = await this.#scripts.burnrateBudgetRead(
      this.#prefix,
      String(now),
      ...checksArguments(checks),
    );
    return readOutcome(reply as UsageReply);
  }

  async ping(): Promise<void> {
    await this.#client.ping();
  }

  async close(): Promise<void> {
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }
}
