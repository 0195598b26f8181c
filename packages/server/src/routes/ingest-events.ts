import {
  ERROR_CODES,
  type EventSource,
  type FieldIssue,
  MAX_BATCH_EVENTS,
  type NewLedgerEntry,
  type NormalizedEvent,
  normalizeEvent,
  readEventBatch,
} from "@burnrate/core";
import type { AppendOutcome, Storage } from "@burnrate/storage";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { HttpError } from "../http/http-error.js";
import { readJsonBody } from "../http/read-json-body.js";

export type EventResult =
  | { index: number; status: "accepted" | "duplicate"; eventId: string; warnings?: string[] }
  | { index: number; status: "rejected"; eventId?: string; errors: FieldIssue[] };

interface Candidate {
  index: number;
  event: NormalizedEvent;
  warnings: string[];
  /** Whether the client chose the eventId (a generated one means nothing until stored). */
  clientEventId: boolean;
  /** The budget reservation the call ran under (POST /v1/budget/authorize): its cost settles it. */
  reservationId?: string;
}

function reservationIdOf(raw: unknown): string | undefined {
  const given = (raw as { reservationId?: unknown }).reservationId;
  return typeof given === "string" ? given.trim() : undefined;
}

function clientEventIdOf(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const { eventId, id } = raw as { eventId?: unknown; id?: unknown };
  const given = eventId ?? id;
  return typeof given === "string" ? given : undefined;
}

async function rejectUnknownAgents(
  storage: Storage,
  projectId: string,
  candidates: Candidate[],
  results: EventResult[],
) {
  const agentIds = candidates.flatMap((candidate) =>
    candidate.event.agentId === undefined ? [] : [candidate.event.agentId],
  );
  if (agentIds.length === 0) return candidates;
  const known = await storage.agents.existing(projectId, agentIds);
  return candidates.filter((candidate) => {
    const agentId = candidate.event.agentId;
    if (agentId === undefined || known.has(agentId)) return true;
    results[candidate.index] = {
      index: candidate.index,
      status: "rejected",
      ...(candidate.clientEventId ? { eventId: candidate.event.eventId } : {}),
      errors: [
        {
          field: "agentId",
          message: `no agent "${agentId}" in this project: register it with POST /api/agents first`,
        },
      ],
    };
    return false;
  });
}

/**
 * Validates, normalizes and appends a batch; answers per event (by index) only after the
 * accepted ones are committed. Good events are stored even when others in the batch fail.
 */
export async function ingestEvents(c: Context<AppEnv>, defaultSource: EventSource): Promise<Response> {
  const batch = readEventBatch(await readJsonBody(c));
  if (!batch.ok && batch.reason === "too_many") {
    throw new HttpError(
      413,
      ERROR_CODES.tooManyEvents,
      `a batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${batch.count}: split it into smaller batches`,
    );
  }
  if (!batch.ok) throw new HttpError(400, ERROR_CODES.badRequest, batch.message);

  const { projectId, id: apiKeyId } = c.var.apiKey;
  const now = Date.now();
  const results: EventResult[] = new Array(batch.events.length);
  let candidates: Candidate[] = [];
  batch.events.forEach((raw, index) => {
    const outcome = normalizeEvent(raw, { projectId, defaultSource, now });
    const eventId = clientEventIdOf(raw);
    if (outcome.ok) {
      const reservationId = reservationIdOf(raw);
      candidates.push({
        index,
        event: outcome.event,
        warnings: outcome.warnings,
        clientEventId: eventId !== undefined,
        ...(reservationId === undefined ? {} : { reservationId }),
      });
    } else {
      results[index] = {
        index,
        status: "rejected",
        errors: outcome.issues,
        ...(eventId === undefined ? {} : { eventId }),
      };
    }
  });
  candidates = await rejectUnknownAgents(c.var.storage, projectId, candidates, results);

  // The normalized events are ours: complete them in place rather than copy (bench/ingest-throughput).
  const entries: NewLedgerEntry[] = candidates.map(({ event }) => {
    // The server prices every event that arrives without a cost. A cost sent with the event is
    // kept as sent, and the engine's own figure is stored beside it so discrepancies show (only the
    // figure: its price id and book version per event cost ~14% of bench/ingest-throughput).
    const price = c.var.priceEvent(event);
    if (event.costNanos === undefined) Object.assign(event, price);
    else if (price.costNanos !== undefined) event.engineCostNanos = price.costNanos;
    return Object.assign(event, { projectId, entryType: "event" as const, receivedAt: now, apiKeyId });
  });
  let outcomes: AppendOutcome[];
  try {
    outcomes = await c.var.storage.ledger.append(entries);
  } catch (error) {
    console.error("burnrate: ledger append failed", error instanceof Error ? error.message : error);
    throw new HttpError(
      503,
      ERROR_CODES.storageUnavailable,
      "the ledger could not commit this batch; nothing from it was stored: retry",
    );
  }
  const committedAt = performance.now();
  candidates.forEach(({ index, event, warnings }, position) => {
    const status = outcomes[position]!.status === "inserted" ? "accepted" : "duplicate";
    results[index] = { index, status, eventId: event.eventId, ...(warnings.length > 0 ? { warnings } : {}) };
  });
  await countInBudgets(c, candidates, outcomes, committedAt);

  const count = (status: EventResult["status"]) =>
    results.filter((result) => result.status === status).length;
  const summary = {
    accepted: count("accepted"),
    duplicates: count("duplicate"),
    rejected: count("rejected"),
  };
  const stored = summary.accepted + summary.duplicates;
  const status = summary.rejected === 0 ? 200 : stored === 0 ? 422 : 207;
  const body =
    status === 422
      ? {
          ...summary,
          results,
          error: { code: ERROR_CODES.validation, message: describeFirstFailure(results) },
        }
      : { ...summary, results };
  return c.json(body, status);
}

/**
 * Counts the stored events in their budgets (duplicates were counted the first time). The events
 * are committed: a failure here is logged, never reported as a failed ingest, and the counters
 * catch up when they are next loaded from the ledger.
 */
async function countInBudgets(
  c: Context<AppEnv>,
  candidates: readonly Candidate[],
  outcomes: readonly AppendOutcome[],
  committedAt: number,
): Promise<void> {
  const guard = c.var.budgets;
  // Most projects have no budget: then only reservations (of a budget since deleted) need settling.
  const budgeted = guard.budgets(c.var.apiKey.projectId).length > 0;
  if (!budgeted && candidates.every((candidate) => candidate.reservationId === undefined)) return;
  const calls = candidates.flatMap(({ event, reservationId }, position) =>
    outcomes[position]!.status === "inserted"
      ? [{ event, ...(reservationId === undefined ? {} : { reservationId }) }]
      : [],
  );
  if (calls.length === 0) return;
  try {
    await c.var.budgets.recordAppended(c.var.apiKey.projectId, calls, committedAt);
  } catch (error) {
    console.error("burnrate: budget counters not updated:", error instanceof Error ? error.message : error);
  }
}

function describeFirstFailure(results: EventResult[]): string {
  const failed = results.find((result) => result.status === "rejected");
  const issue = failed?.status === "rejected" ? failed.errors[0] : undefined;
  if (failed === undefined || issue === undefined) return "no event was stored";
  return `no event was stored; event ${failed.index}: ${issue.field || "event"} ${issue.message}`;
}
