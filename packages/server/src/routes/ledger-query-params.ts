import { normalizeProviderId } from "@burnrate/core";
import type { LedgerQuery } from "@burnrate/storage";
import { z } from "zod";
import { validationError } from "../http/http-error.js";

const time = z.string().transform((value, ctx) => {
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(parsed)) {
    ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date-time or epoch milliseconds" });
    return z.NEVER;
  }
  return parsed;
});
const text = z.string().min(1).max(256);

const ledgerParamsSchema = z
  .object({
    from: time.optional(),
    to: time.optional(),
    provider: text.transform((value) => normalizeProviderId(value) ?? value).optional(),
    model: text.optional(),
    agentId: text.optional(),
    featureId: text.optional(),
    userTier: text.optional(),
    taskId: text.optional(),
    workflowId: text.optional(),
    customerId: text.optional(),
    environment: text.optional(),
    source: z.enum(["sdk", "proxy", "ingest", "otel", "admin_sync"]).optional(),
    entryType: z.enum(["event", "adjustment"]).optional(),
    order: z.enum(["asc", "desc"]).default("desc"),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(200).optional(),
    format: z.enum(["json", "csv", "jsonl"]).default("json"),
  })
  .strict();

export type LedgerFormat = "json" | "csv" | "jsonl";

/** Opaque keyset cursor: the order it belongs to and the last seq returned. */
export function encodeCursor(order: "asc" | "desc", seq: number): string {
  return Buffer.from(JSON.stringify({ o: order, s: seq })).toString("base64url");
}

function decodeCursor(cursor: string, order: "asc" | "desc"): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      o?: unknown;
      s?: unknown;
    };
    if (parsed.o === order && typeof parsed.s === "number" && Number.isInteger(parsed.s)) return parsed.s;
  } catch {}
  throw validationError(
    [{ field: "cursor", message: "is not a cursor this query returned (keep the same order)" }],
    "query",
  );
}

/** Reads `GET /v1/ledger`'s query string; the project always comes from the API key. */
export function readLedgerParams(
  params: Record<string, string>,
  projectId: string,
): { query: LedgerQuery; format: LedgerFormat } {
  const result = ledgerParamsSchema.safeParse(params);
  if (!result.success) {
    throw validationError(
      result.error.issues.map((issue) => ({
        field: issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : ""),
        message: issue.code === "unrecognized_keys" ? "is not a ledger filter" : issue.message,
      })),
      "query",
    );
  }
  const { cursor, format, ...filters } = result.data;
  const query: LedgerQuery = { ...filters, projectId };
  if (cursor !== undefined) query.afterSeq = decodeCursor(cursor, filters.order);
  return { query, format };
}
