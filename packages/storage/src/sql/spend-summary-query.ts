import { type Kysely, sql } from "kysely";
import { SPEND_DIMENSIONS, type SpendDimension, type SpendQuery, type SpendRow } from "../storage.js";
import { LEDGER_FILTER_COLUMNS } from "./build-ledger-query.js";
import type { Database } from "./database-schema.js";
import { localDay, wholeHourOffsets } from "./time-zone-day.js";

const HOUR_MS = 3_600_000;
/** Every time zone's offset is a multiple of 15 minutes. */
const QUARTER_HOUR_MS = 900_000;

/** The rollup dimensions are ledger columns of the same name. */
const COLUMN = LEDGER_FILTER_COLUMNS;
const isLedgerOnly = (field: string) => !(SPEND_DIMENSIONS as readonly string[]).includes(field);

interface BucketRow {
  bucket: number | string;
  costNanos: number | string | null;
  events: number | string | null;
  unpricedEvents: number | string | null;
  inputTokens: number | string | null;
  outputTokens: number | string | null;
  [dimension: string]: unknown;
}

const dimensionsOf = (query: SpendQuery) =>
  SPEND_DIMENSIONS.filter((dimension) => query.groupBy.includes(dimension));

/** Sums from the hourly rollups over whole hours [from, to), in buckets of `bucketMs` (a multiple of an hour; 0: one bucket). */
function fromRollups(db: Kysely<Database>, query: SpendQuery, from: number, to: number, bucketMs: number) {
  const bucket =
    bucketMs === 0
      ? sql<number>`0`
      : bucketMs === HOUR_MS
        ? sql<number>`hour_ms`
        : sql<number>`hour_ms - hour_ms % ${sql.lit(bucketMs)}`;
  let select = db
    .selectFrom("spend_rollups")
    .select([
      bucket.as("bucket"),
      sql<number>`sum(cost_nanos)`.as("costNanos"),
      sql<number>`sum(events)`.as("events"),
      sql<number>`sum(unpriced_events)`.as("unpricedEvents"),
      sql<number>`sum(input_tokens)`.as("inputTokens"),
      sql<number>`sum(output_tokens)`.as("outputTokens"),
    ])
    .where("project_id", "=", query.projectId)
    .where("hour_ms", ">=", from)
    .where("hour_ms", "<", to);
  for (const dimension of dimensionsOf(query))
    select = select.select(sql.ref(COLUMN[dimension]).as(dimension)).groupBy(COLUMN[dimension]);
  for (const [field, value] of Object.entries(query.filters ?? {}))
    select = select.where(COLUMN[field as SpendDimension], "=", value ?? "");
  if (bucketMs !== 0) select = select.groupBy(sql`1`);
  return select.execute() as Promise<BucketRow[]>;
}

/** Sums straight from the ledger over [from, to), in buckets of `bucketMs` (0: one bucket). */
function fromLedger(db: Kysely<Database>, query: SpendQuery, from: number, to: number, bucketMs: number) {
  const bucket =
    bucketMs === 0 ? sql<number>`0` : sql<number>`timestamp_ms - timestamp_ms % ${sql.lit(bucketMs)}`;
  let select = db
    .selectFrom("ledger_entries")
    .select([
      bucket.as("bucket"),
      sql<number>`sum(coalesce(cost_nanos, 0))`.as("costNanos"),
      sql<number>`sum(case when entry_type = 'event' then 1 else 0 end)`.as("events"),
      sql<number>`sum(case when entry_type = 'event' and cost_nanos is null then 1 else 0 end)`.as(
        "unpricedEvents",
      ),
      sql<number>`sum(coalesce(input_tokens, 0))`.as("inputTokens"),
      sql<number>`sum(coalesce(output_tokens, 0))`.as("outputTokens"),
    ])
    .where("project_id", "=", query.projectId)
    .where("timestamp_ms", ">=", from)
    .where("timestamp_ms", "<", to);
  for (const dimension of dimensionsOf(query))
    select = select.select(sql.ref(COLUMN[dimension]).as(dimension)).groupBy(COLUMN[dimension]);
  for (const [field, value] of Object.entries(query.filters ?? {}))
    select = select.where(COLUMN[field as keyof typeof COLUMN], "=", value ?? "");
  if (bucketMs !== 0) select = select.groupBy(sql`1`);
  return select.execute() as Promise<BucketRow[]>;
}

const DAY_MS = 86_400_000;
function rollupBucket(query: SpendQuery): number {
  if (query.groupBy.includes("hour")) return HOUR_MS;
  if (!query.groupBy.includes("day")) return 0;
  return query.timeZone === undefined || query.timeZone === "UTC" ? DAY_MS : HOUR_MS;
}

/** Folds bucket rows (rollups and ledger edges alike) into the requested groups. */
function fold(rows: BucketRow[], query: SpendQuery): SpendRow[] {
  const dimensions = dimensionsOf(query);
  const byDay = query.groupBy.includes("day");
  const byHour = query.groupBy.includes("hour");
  const groups = new Map<string, SpendRow>();
  const days = new Map<number, string>();
  const dayOf = (bucket: number) => {
    let day = days.get(bucket);
    if (day === undefined) {
      day = localDay(bucket, query.timeZone);
      days.set(bucket, day);
    }
    return day;
  };
  for (const row of rows) {
    const bucket = Number(row.bucket);
    const group: SpendRow = { costNanos: 0, events: 0, unpricedEvents: 0, inputTokens: 0, outputTokens: 0 };
    if (byDay) group.day = dayOf(bucket);
    if (byHour) group.hour = bucket - (bucket % HOUR_MS);
    for (const dimension of dimensions) {
      const value = row[dimension];
      group[dimension] = value === null || value === "" || value === undefined ? null : String(value);
    }
    let key = `${group.day}\u0000${group.hour}`;
    for (const dimension of dimensions) key += `\u0000${group[dimension]}`;
    const sum = groups.get(key) ?? group;
    sum.costNanos += Number(row.costNanos ?? 0);
    sum.events += Number(row.events ?? 0);
    sum.unpricedEvents += Number(row.unpricedEvents ?? 0);
    sum.inputTokens += Number(row.inputTokens ?? 0);
    sum.outputTokens += Number(row.outputTokens ?? 0);
    groups.set(key, sum);
  }
  return [...groups.values()].sort(
    (a, b) =>
      (a.day ?? "").localeCompare(b.day ?? "") || (a.hour ?? 0) - (b.hour ?? 0) || b.costNanos - a.costNanos,
  );
}

/**
 * Spend of a project over [from, to), grouped by day (in a time zone), hour and the rollup
 * dimensions. Whole hours come from the hourly rollups, the partial hours at either end from the
 * ledger, so the answer is exact at any boundary. Filters on ledger-only fields (customer, task…)
 * and days in zones whose offset is not a whole hour (India, Nepal) read the ledger itself.
 */
export async function querySpendSummary(db: Kysely<Database>, query: SpendQuery): Promise<SpendRow[]> {
  const byDay = query.groupBy.includes("day");
  const timeBucketed = byDay || query.groupBy.includes("hour");
  const ledgerOnly = Object.keys(query.filters ?? {}).some(isLedgerOnly);
  const needsQuarterHours = byDay && !wholeHourOffsets(query.timeZone, query.from, query.to);
  const firstHour = Math.ceil(query.from / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(query.to / HOUR_MS) * HOUR_MS;
  if (query.source === "ledger" || ledgerOnly || needsQuarterHours || firstHour >= lastHour) {
    const bucketMs = needsQuarterHours ? QUARTER_HOUR_MS : timeBucketed ? HOUR_MS : 0;
    return fold(await fromLedger(db, query, query.from, query.to, bucketMs), query);
  }
  const edgeBucket = timeBucketed ? HOUR_MS : 0;
  const parts = await Promise.all([
    firstHour > query.from ? fromLedger(db, query, query.from, firstHour, edgeBucket) : [],
    // UTC days can be summed in SQL; days elsewhere are folded from hours.
    fromRollups(db, query, firstHour, lastHour, rollupBucket(query)),
    lastHour < query.to ? fromLedger(db, query, lastHour, query.to, edgeBucket) : [],
  ]);
  return fold(parts.flat(), query);
}
