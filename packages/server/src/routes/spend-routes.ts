import { nanosToUsd } from "@burnrate/core";
import {
  checkTimeZone,
  SPEND_DIMENSIONS,
  SPEND_LEDGER_FILTERS,
  type SpendGrouping,
  type SpendQuery,
  type SpendRow,
} from "@burnrate/storage";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { validationError } from "../http/http-error.js";
import { parseInstant } from "../http/parse-instant.js";

const DAY_MS = 86_400_000;
const GROUPINGS: readonly string[] = ["day", "hour", ...SPEND_DIMENSIONS];
const FILTERS: readonly string[] = [...SPEND_DIMENSIONS, ...SPEND_LEDGER_FILTERS];
/** Hourly rows over a longer range would be a download, not a summary. */
const MAX_HOURLY_RANGE_MS = 31 * DAY_MS;

/** Reads and checks the query string of GET /v1/spend; every problem names its parameter. */
export function readSpendQuery(params: Record<string, string>, projectId: string, now: number): SpendQuery {
  const to = parseInstant(params.to, "to", now);
  const from = parseInstant(params.from, "from", to - 30 * DAY_MS);
  if (from >= to) throw validationError([{ field: "from", message: "must be before to" }], "query");
  const groupBy = (params.groupBy ?? "").split(",").filter((value) => value !== "");
  for (const grouping of groupBy)
    if (!GROUPINGS.includes(grouping))
      throw validationError(
        [{ field: "groupBy", message: `"${grouping}" is not one of ${GROUPINGS.join(", ")}` }],
        "query",
      );
  if (groupBy.includes("hour") && to - from > MAX_HOURLY_RANGE_MS)
    throw validationError([{ field: "groupBy", message: "hour needs a range of at most 31 days" }], "query");
  const query: SpendQuery = { projectId, from, to, groupBy: groupBy as SpendGrouping[] };
  if (params.tz) {
    try {
      checkTimeZone(params.tz);
    } catch {
      throw validationError(
        [{ field: "tz", message: "must be an IANA time zone such as Europe/Paris" }],
        "query",
      );
    }
    query.timeZone = params.tz;
  }
  const filters: NonNullable<SpendQuery["filters"]> = {};
  for (const field of FILTERS) if (params[field]) filters[field as keyof typeof filters] = params[field];
  if (Object.keys(filters).length > 0) query.filters = filters;
  return query;
}

function present(row: SpendRow) {
  const { hour, costNanos, ...rest } = row;
  return {
    ...rest,
    ...(hour === undefined ? {} : { hour: new Date(hour).toISOString() }),
    costUsd: nanosToUsd(costNanos),
    costNanos,
  };
}

/**
 * `GET /v1/spend` (scope `read`): the project's spend over a range, grouped by day (in `tz`),
 * hour, provider, model, featureId, agentId, userTier or environment, adjustments included.
 */
export function spendRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/v1/spend", requireScope("read"), async (c) => {
    const query = readSpendQuery(c.req.query(), c.var.apiKey.projectId, Date.now());
    const rows = await c.var.storage.ledger.spendSummary(query);
    const total = rows.reduce(
      (sum, row) => ({
        costNanos: sum.costNanos + row.costNanos,
        events: sum.events + row.events,
        unpricedEvents: sum.unpricedEvents + row.unpricedEvents,
        inputTokens: sum.inputTokens + row.inputTokens,
        outputTokens: sum.outputTokens + row.outputTokens,
      }),
      { costNanos: 0, events: 0, unpricedEvents: 0, inputTokens: 0, outputTokens: 0 },
    );
    return c.json({
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      timeZone: query.timeZone ?? "UTC",
      groupBy: query.groupBy,
      rows: rows.map(present),
      total: present(total),
    });
  });
  return app;
}
