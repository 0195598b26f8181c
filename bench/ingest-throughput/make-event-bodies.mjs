import { randomUUID } from "node:crypto";

/** A typical SDK event; only the eventId changes, so that every event sent is stored (none is a duplicate). */
export function makeEvent() {
  return {
    eventId: randomUUID(),
    provider: "openai",
    model: "gpt-4o-mini",
    inputTokens: 1200,
    outputTokens: 300,
    cacheReadTokens: 200,
    costUsd: 0.00036,
    featureId: "search",
    userTier: "pro",
    latencyMs: 812,
    statusCode: 200,
  };
}

/**
 * A pool of `count` request bodies (JSON arrays of `batchSize` events, every eventId unique),
 * made before the load starts so the load generator spends no time on them. `take()` hands
 * them out in order; `rewind()` starts over for the next server, whose data dir is new.
 */
export function makeEventBodies(count, batchSize) {
  const bodies = Array.from({ length: count }, () =>
    Buffer.from(JSON.stringify(Array.from({ length: batchSize }, makeEvent))),
  );
  let taken = 0;
  return {
    take: () => bodies[taken++ % bodies.length],
    /** Bodies handed out a second time since the last rewind: their events were duplicates. */
    reused: () => Math.max(0, taken - bodies.length),
    rewind: () => {
      taken = 0;
    },
  };
}
