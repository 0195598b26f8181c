/** Labels that attribute a call: set per call with `withBurnrate`, or as defaults in the options. */
export interface Attribution {
  featureId?: string;
  userTier?: string;
  agentId?: string;
  taskId?: string;
  workflowId?: string;
  customerId?: string;
  environment?: string;
}

/** The Auto Kill budget: soft enforcement, evaluated in-process (see docs/sdk.md). */
export interface BudgetOptions {
  dailyLimitUsd?: number;
  monthlyLimitUsd?: number;
  /** `block` answers the provider's own 429 without calling it; `warn` and `log` let the call through. Default `warn`. */
  action?: "block" | "warn" | "log";
  /** An IANA time zone for the calendar windows; UTC by default. */
  timeZone?: string;
  /** How often the server's budget status (`GET /v1/budget`) is re-read in the background. */
  refreshIntervalMs?: number;
  /** The clock the windows are read with (tests inject one). */
  clock?: () => number;
  /**
   * Ask the server before each call (`POST /v1/budget/authorize`): a hard stop that holds under
   * concurrency and across processes, enforced by the server's budgets and kill switches, at the
   * price of one request to the server before each provider call. Off by default.
   */
  authorizeWithServer?: boolean;
  /** How long a call waits for the server's decision before going ahead without it (default 2000 ms). */
  authorizeTimeoutMs?: number;
}

export interface ResolvedBudget {
  dailyLimitNanos?: number;
  monthlyLimitNanos?: number;
  action: "block" | "warn" | "log";
  timeZone?: string;
  refreshIntervalMs: number;
  clock: () => number;
  authorizeWithServer?: boolean;
  authorizeTimeoutMs?: number;
}

export interface BurnrateOptions {
  /** An ingest key (`br_…`). Without one nothing is captured and fetch is left as it is. */
  apiKey?: string;
  /** The burnrate server; events go to `POST {endpoint}/v1/events`. */
  endpoint?: string;
  environment?: string;
  /** Log the SDK's own problems to the console (never the host's data). */
  debug?: boolean;
  flushIntervalMs?: number;
  maxBatchSize?: number;
  /** Most events held in memory; past it the oldest are dropped and counted. */
  maxQueue?: number;
  budget?: BudgetOptions;
  /** Other base URLs (a gateway, a self-hosted model) mapped to a provider id or "openai-compatible". */
  providers?: Record<string, string>;
  /** Default attribution for every call. */
  attribution?: Attribution;
  /** Largest JSON response body read for usage; a bigger one is recorded with tokens unknown. */
  maxJsonBodyBytes?: number;
  /** Base delay of the exponential backoff between delivery retries. */
  retryBaseDelayMs?: number;
  /** How long one delivery request may take before it counts as failed. */
  requestTimeoutMs?: number;
}

export const DEFAULT_ENDPOINT = "http://127.0.0.1:8789";

export interface ResolvedOptions {
  apiKey: string;
  endpoint: string;
  environment?: string;
  debug: boolean;
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueue: number;
  providers: Record<string, string>;
  attribution: Attribution;
  maxJsonBodyBytes: number;
  retryBaseDelayMs: number;
  requestTimeoutMs: number;
  budget?: ResolvedBudget;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Fills the defaults; undefined when capture is off (no API key). */
export function resolveOptions(options: BurnrateOptions): ResolvedOptions | undefined {
  if (typeof options.apiKey !== "string" || options.apiKey === "") return undefined;
  return {
    apiKey: options.apiKey,
    endpoint: (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ""),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    debug: options.debug === true,
    flushIntervalMs: positive(options.flushIntervalMs, 5000),
    maxBatchSize: Math.min(positive(options.maxBatchSize, 50), 1000),
    maxQueue: positive(options.maxQueue, 200),
    providers: { ...options.providers },
    attribution: { ...options.attribution },
    maxJsonBodyBytes: positive(options.maxJsonBodyBytes, 8 * 1024 * 1024),
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 500),
    requestTimeoutMs: positive(options.requestTimeoutMs, 10_000),
    ...(options.budget === undefined ? {} : { budget: resolveBudget(options.budget) }),
  };
}

function limitNanos(usd: number | undefined): number | undefined {
  return typeof usd === "number" && Number.isFinite(usd) && usd >= 0 ? Math.round(usd * 1e9) : undefined;
}

function validTimeZone(timeZone: string | undefined): string | undefined {
  if (timeZone === undefined) return undefined;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

function resolveBudget(budget: BudgetOptions): ResolvedBudget {
  const daily = limitNanos(budget.dailyLimitUsd);
  const monthly = limitNanos(budget.monthlyLimitUsd);
  const timeZone = validTimeZone(budget.timeZone);
  return {
    ...(daily === undefined ? {} : { dailyLimitNanos: daily }),
    ...(monthly === undefined ? {} : { monthlyLimitNanos: monthly }),
    action: budget.action === "block" || budget.action === "log" ? budget.action : "warn",
    ...(timeZone === undefined ? {} : { timeZone }),
    refreshIntervalMs: positive(budget.refreshIntervalMs, 60_000),
    clock: typeof budget.clock === "function" ? budget.clock : Date.now,
    authorizeWithServer: budget.authorizeWithServer === true,
    authorizeTimeoutMs: positive(budget.authorizeTimeoutMs, 2000),
  };
}
