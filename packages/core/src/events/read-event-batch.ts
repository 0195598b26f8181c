/** Most events one request may carry (AgentBurn's documented batch limit). */
export const MAX_BATCH_EVENTS = 1000;

export type EventBatch =
  | { ok: true; events: unknown[]; single: boolean; droppedEvents?: number }
  | { ok: false; reason: "too_many"; count: number }
  | { ok: false; reason: "bad_shape"; message: string };

/**
 * Reads the list of raw events out of a parsed request body. Accepts one event object,
 * an array of events, or `{ "events": [...] }` (the SDK's batch envelope, which may also
 * report how many events the client had to drop).
 */
export function readEventBatch(body: unknown): EventBatch {
  let events: unknown[];
  let single = false;
  let droppedEvents: number | undefined;
  if (Array.isArray(body)) {
    events = body;
  } else if (
    body !== null &&
    typeof body === "object" &&
    Array.isArray((body as { events?: unknown }).events)
  ) {
    const envelope = body as { events: unknown[]; droppedEvents?: unknown };
    events = envelope.events;
    if (typeof envelope.droppedEvents === "number" && Number.isInteger(envelope.droppedEvents)) {
      droppedEvents = envelope.droppedEvents;
    }
  } else if (body !== null && typeof body === "object") {
    events = [body];
    single = true;
  } else {
    return {
      ok: false,
      reason: "bad_shape",
      message: 'the body must be an event object, an array of events or { "events": [...] }',
    };
  }
  if (events.length > MAX_BATCH_EVENTS) return { ok: false, reason: "too_many", count: events.length };
  if (events.length === 0) return { ok: false, reason: "bad_shape", message: "the batch holds no events" };
  return droppedEvents === undefined
    ? { ok: true, events, single }
    : { ok: true, events, single, droppedEvents };
}
