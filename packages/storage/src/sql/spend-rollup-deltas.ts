import type { LedgerEntry } from "@burnrate/core";

export const ROLLUP_HOUR_MS = 3_600_000;

/** One row's worth of additions to spend_rollups, in its column order. */
export type RollupDelta = [
  projectId: string,
  hourMs: number,
  environment: string,
  provider: string,
  model: string,
  featureId: string,
  agentId: string,
  userTier: string,
  costNanos: number,
  events: number,
  unpricedEvents: number,
  inputTokens: number,
  outputTokens: number,
];

export const ROLLUP_COLUMNS = [
  "project_id",
  "hour_ms",
  "environment",
  "provider",
  "model",
  "feature_id",
  "agent_id",
  "user_tier",
  "cost_nanos",
  "events",
  "unpriced_events",
  "input_tokens",
  "output_tokens",
] as const;

/** The upsert that adds deltas to the rollups (SQLite and PostgreSQL share the syntax). */
export const ROLLUP_ADD_SQL = ROLLUP_COLUMNS.slice(8)
  .map((column) => `${column} = spend_rollups.${column} + excluded.${column}`)
  .join(", ");

/**
 * Sums appended entries by rollup key (project, UTC hour, environment, provider, model, feature,
 * agent, user tier), so that a group commit touches each rollup row once however many entries it
 * holds. Absent dimensions are '' (unique keys cannot hold NULLs on either backend).
 */
export class SpendRollupDeltas {
  readonly #rows = new Map<string, RollupDelta>();

  add(entry: LedgerEntry): void {
    const hourMs = entry.timestamp - (entry.timestamp % ROLLUP_HOUR_MS);
    const dimensions = [
      entry.projectId,
      hourMs,
      entry.environment,
      entry.provider,
      entry.model ?? "",
      entry.featureId ?? "",
      entry.agentId ?? "",
      entry.userTier ?? "",
    ] as const;
    const key = dimensions.join("\u0000");
    let row = this.#rows.get(key);
    if (row === undefined) {
      row = [...dimensions, 0, 0, 0, 0, 0];
      this.#rows.set(key, row);
    }
    const isEvent = entry.entryType === "event";
    row[8] += entry.costNanos ?? 0;
    row[9] += isEvent ? 1 : 0;
    row[10] += isEvent && entry.costNanos === undefined ? 1 : 0;
    row[11] += entry.inputTokens ?? 0;
    row[12] += entry.outputTokens ?? 0;
  }

  rows(): IterableIterator<RollupDelta> {
    return this.#rows.values();
  }
}
