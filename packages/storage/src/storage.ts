import type { LedgerEntry, NewLedgerEntry } from "@burnrate/core";
import type { AlertStore, BudgetStore, KillSwitchStore } from "./budget-ports.js";

/**
 * The storage ports. Each backend (SQLite now, PostgreSQL next) implements all three
 * and must pass testing/storage-conformance.ts.
 */

export type AppendOutcome = { status: "inserted"; seq: number; hash: string } | { status: "duplicate" };

/** Filters of a ledger read; `from` inclusive, `to` exclusive, both epoch ms of event time. */
export interface LedgerFilter {
  projectId: string;
  from?: number;
  to?: number;
  provider?: string;
  model?: string;
  agentId?: string;
  featureId?: string;
  userTier?: string;
  taskId?: string;
  workflowId?: string;
  customerId?: string;
  environment?: string;
  source?: string;
  entryType?: string;
  apiKeyId?: string;
}

export interface LedgerQuery extends LedgerFilter {
  order: "asc" | "desc";
  limit: number;
  /** Keyset cursor: continue after this seq in the query's order. */
  afterSeq?: number;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  /** The seq to pass as afterSeq for the next page, or null at the end. */
  nextSeq: number | null;
}

export interface ChainHead {
  projectId: string;
  seq: number;
  hash: string;
  /** HMAC of (projectId, seq, hash) under the server secret: a truncated tail cannot be hidden without it. */
  seal: string;
}

/** Events of one (provider, model, cost source) that were fallback-priced or unpriced. */
export interface PricingGap {
  provider: string;
  model?: string;
  costSource: "FALLBACK_ECONOMICS" | "UNPRICED";
  events: number;
  /** Their recorded cost (fallback upper bounds; 0 for unpriced ones). */
  costNanos: number;
  /** Latest event time, epoch ms. */
  lastSeen: number;
  /** One of the price ids they were matched to. */
  priceId?: string;
}

/** Dimensions spend can be grouped and filtered by cheaply (kept in the hourly rollups). */
export const SPEND_DIMENSIONS = [
  "provider",
  "model",
  "featureId",
  "agentId",
  "userTier",
  "environment",
] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];
/** Filters that only the ledger itself has (too many distinct values to roll up): slower, still exact. */
export const SPEND_LEDGER_FILTERS = ["customerId", "taskId", "workflowId", "source", "apiKeyId"] as const;
export type SpendGrouping = SpendDimension | "day" | "hour";

export interface SpendQuery {
  projectId: string;
  /** Event time range, epoch ms: `from` inclusive, `to` exclusive. */
  from: number;
  to: number;
  groupBy: readonly SpendGrouping[];
  filters?: Partial<Record<SpendDimension | (typeof SPEND_LEDGER_FILTERS)[number], string>>;
  /** IANA time zone that "day" groups by; UTC when absent. */
  timeZone?: string;
  /** `ledger` skips the rollups and scans the ledger itself: the reference the rollups are checked (and benchmarked) against. */
  source?: "auto" | "ledger";
}

/** One group of a spend summary: the grouped fields, then the sums (adjustments included). */
export interface SpendRow {
  /** Local date (YYYY-MM-DD) in the query's time zone, when grouped by day. */
  day?: string;
  /** Start of the UTC hour, epoch ms, when grouped by hour. */
  hour?: number;
  provider?: string | null;
  model?: string | null;
  featureId?: string | null;
  agentId?: string | null;
  userTier?: string | null;
  environment?: string | null;
  costNanos: number;
  /** Observed calls (adjustments are not events, but their cost is in costNanos). */
  events: number;
  /** Events with no cost at all: the sum leaves them out, so say how many. */
  unpricedEvents: number;
  inputTokens: number;
  outputTokens: number;
}

export interface LedgerStore {
  /**
   * Appends entries (any mix of projects) to their projects' hash chains. Resolves only
   * after the entries are durably committed. An eventId the project already has is not
   * stored again: its outcome is `duplicate`. Outcomes are in input order.
   */
  append(entries: readonly NewLedgerEntry[]): Promise<AppendOutcome[]>;
  query(query: LedgerQuery): Promise<LedgerPage>;
  /** Entries of one project in chain order, for verification: seq > afterSeq, at most `limit`. */
  readChain(projectId: string, afterSeq: number, limit: number): Promise<LedgerEntry[]>;
  chainHeads(projectId?: string): Promise<ChainHead[]>;
  /** Projects that have ledger entries. */
  ledgerProjects(): Promise<string[]>;
  /** A project's fallback-priced and unpriced models, dearest first; events at or after `from`. */
  pricingGaps(projectId: string, from?: number): Promise<PricingGap[]>;
  /** Spend of one project over a time range, grouped: served from hourly rollups where it can be. */
  spendSummary(query: SpendQuery): Promise<SpendRow[]>;
}

export const API_KEY_SCOPES = ["ingest", "read", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKeyRecord {
  id: string;
  /** HMAC-SHA-256(server secret, key), hex. The key itself is never stored. */
  keyHash: string;
  projectId: string;
  scope: ApiKeyScope;
  name?: string;
  /** The first characters of the key, to tell keys apart in listings. */
  prefix: string;
  createdAt: number;
  revokedAt?: number;
}

export interface KeyStore {
  /** Stores a key record, creating its project when new. */
  create(record: ApiKeyRecord): Promise<void>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  list(projectId?: string): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; false when no such key exists. */
  revoke(id: string, at: number): Promise<boolean>;
}

export interface Agent {
  id: string;
  projectId: string;
  name: string;
  description?: string;
  tags: string[];
  metadata?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  archivedAt?: number;
}

export type AgentPatch = Partial<Pick<Agent, "name" | "description" | "tags" | "metadata">> & {
  archived?: boolean;
};

export interface AgentStore {
  /** Throws StorageConflictError when the project already has an agent with this id. */
  create(agent: Agent): Promise<void>;
  get(projectId: string, id: string): Promise<Agent | undefined>;
  list(projectId: string, options?: { includeArchived?: boolean }): Promise<Agent[]>;
  update(projectId: string, id: string, patch: AgentPatch, at: number): Promise<Agent | undefined>;
  /** Which of these ids the project has registered (archived ones included). */
  existing(projectId: string, ids: readonly string[]): Promise<Set<string>>;
}

export interface Storage {
  readonly backend: "sqlite" | "postgres";
  readonly ledger: LedgerStore;
  readonly keys: KeyStore;
  readonly agents: AgentStore;
  readonly budgets: BudgetStore;
  readonly kills: KillSwitchStore;
  readonly alerts: AlertStore;
  /** Cheap liveness probe of the backend. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class StorageConflictError extends Error {
  override readonly name = "StorageConflictError";
}
