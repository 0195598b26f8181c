import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type IngestRecorder, startIngestRecorder } from "@burnrate/testkit";
import { createDiagnostics } from "./diagnostics.js";
import { createEventBatcher } from "./event-batcher.js";
import { backoffDelay, readRetryAfter } from "./retry-delay.js";

let ingest: IngestRecorder;
before(async () => {
  ingest = await startIngestRecorder();
});
after(() => ingest.close());

function batcher(extra: { maxQueue?: number; maxBatchSize?: number } = {}) {
  return createEventBatcher({
    fetch: globalThis.fetch,
    endpoint: ingest.url,
    apiKey: "br_key",
    flushIntervalMs: 60_000,
    maxBatchSize: extra.maxBatchSize ?? 50,
    maxQueue: extra.maxQueue ?? 200,
    retryBaseDelayMs: 1,
    requestTimeoutMs: 5000,
    diagnostics: createDiagnostics(false),
  });
}

const sentBatches = (from: number) =>
  ingest.bodies
    .slice(from)
    .map((body) => JSON.parse(body) as { events: { n: number }[]; droppedEvents?: number });

test("a full queue drops the oldest and the next batch reports how many", async () => {
  const from = ingest.bodies.length;
  const queue = batcher({ maxQueue: 3 });
  for (let n = 1; n <= 5; n++) queue.enqueue({ n });
  await queue.flush();
  queue.close();
  assert.deepEqual(sentBatches(from), [{ events: [{ n: 3 }, { n: 4 }, { n: 5 }], droppedEvents: 2 }]);
});

test("maxBatchSize starts a flush without waiting for the timer", async () => {
  const from = ingest.bodies.length;
  const queue = batcher({ maxBatchSize: 2 });
  queue.enqueue({ n: 1 });
  queue.enqueue({ n: 2 });
  await ingest.received(from + 1);
  queue.close();
  assert.deepEqual(sentBatches(from), [{ events: [{ n: 1 }, { n: 2 }] }]);
});

test("429 and 5xx are retried, Retry-After honoured; the same event ids are resent", async () => {
  const from = ingest.bodies.length;
  ingest.replies.push({ status: 429, headers: { "retry-after": "0" } }, { status: 503 });
  const queue = batcher();
  queue.enqueue({ n: 7 });
  await queue.flush();
  queue.close();
  const batches = sentBatches(from);
  assert.equal(batches.length, 3);
  assert.deepEqual(batches[0], batches[2]);
});

test("after 3 retries the batch is dropped and counted; a refused key is not retried", async () => {
  const from = ingest.bodies.length;
  ingest.replies.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 401 });
  const queue = batcher();
  queue.enqueue({ n: 1 });
  await queue.flush();
  queue.enqueue({ n: 2 });
  await queue.flush();
  queue.enqueue({ n: 3 });
  await queue.flush();
  queue.close();
  const batches = sentBatches(from);
  assert.equal(batches.length, 6);
  assert.deepEqual(batches[4], { events: [{ n: 2 }], droppedEvents: 1 });
  assert.deepEqual(batches[5], { events: [{ n: 3 }], droppedEvents: 2 });
});

test("Retry-After in seconds or as a date; backoff grows with jitter", () => {
  assert.equal(readRetryAfter("3"), 3000);
  assert.equal(
    readRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")),
    10_000,
  );
  assert.equal(readRetryAfter("soon"), undefined);
  assert.equal(readRetryAfter(null), undefined);
  assert.equal(
    backoffDelay(0, 500, () => 0),
    250,
  );
  assert.equal(
    backoffDelay(2, 500, () => 1),
    2000,
  );
});
