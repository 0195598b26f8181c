import type { LedgerEntry } from "../events/ledger-event.js";
import { nanosToUsd } from "../money.js";

/** A ledger entry as the API shows it: ISO times and dollars instead of epoch ms and nanos. */
export interface PublicLedgerEntry
  extends Omit<
    LedgerEntry,
    "timestamp" | "receivedAt" | "costNanos" | "engineCostNanos" | "prevHash" | "hash"
  > {
  timestamp: string;
  receivedAt: string;
  costUsd?: number;
  engineCostUsd?: number;
  prevHash: string;
  hash: string;
}

/** The entry in API form, fields in the order of CSV_COLUMNS; absent fields stay absent. */
export function presentEntry(entry: LedgerEntry): PublicLedgerEntry {
  const values: Record<string, unknown> = {
    ...entry,
    timestamp: new Date(entry.timestamp).toISOString(),
    receivedAt: new Date(entry.receivedAt).toISOString(),
    costUsd: entry.costNanos === undefined ? undefined : nanosToUsd(entry.costNanos),
    engineCostUsd: entry.engineCostNanos === undefined ? undefined : nanosToUsd(entry.engineCostNanos),
  };
  const shown: Record<string, unknown> = {};
  for (const field of CSV_COLUMNS) if (values[field] !== undefined) shown[field] = values[field];
  return shown as unknown as PublicLedgerEntry;
}

/** Field order of API entries and column order of the CSV export. */
export const CSV_COLUMNS = [
  "seq",
  "eventId",
  "entryType",
  "adjustsEventId",
  "timestamp",
  "receivedAt",
  "projectId",
  "environment",
  "source",
  "provider",
  "model",
  "operation",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "totalTokens",
  "costUsd",
  "costSource",
  "latencyMs",
  "statusCode",
  "agentId",
  "featureId",
  "userTier",
  "taskId",
  "workflowId",
  "customerId",
  "sdkVersion",
  "serviceTier",
  "cacheWrite1hTokens",
  "webSearchRequests",
  "priceBookVersion",
  "priceId",
  "engineCostUsd",
  "metadata",
  "prevHash",
  "hash",
] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  // Quote when needed; prefix formula-looking cells so spreadsheets do not execute them.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

export function csvRow(entry: PublicLedgerEntry): string {
  const record = entry as unknown as Record<string, unknown>;
  return `${CSV_COLUMNS.map((column) => csvCell(record[column])).join(",")}\r\n`;
}
