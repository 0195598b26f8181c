import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_BATCH_EVENTS, readEventBatch } from "./read-event-batch.js";

test("readEventBatch accepts an object, an array and the SDK envelope", () => {
  assert.deepEqual(readEventBatch({ provider: "openai" }), {
    ok: true,
    events: [{ provider: "openai" }],
    single: true,
  });
  assert.deepEqual(readEventBatch([{ a: 1 }, { b: 2 }]), {
    ok: true,
    events: [{ a: 1 }, { b: 2 }],
    single: false,
  });
  assert.deepEqual(readEventBatch({ events: [{ a: 1 }], droppedEvents: 3 }), {
    ok: true,
    events: [{ a: 1 }],
    single: false,
    droppedEvents: 3,
  });
});

test("readEventBatch refuses more than 1,000 events, empty batches and non-objects", () => {
  assert.deepEqual(readEventBatch(new Array(MAX_BATCH_EVENTS + 1).fill({})), {
    ok: false,
    reason: "too_many",
    count: 1001,
  });
  assert.equal(readEventBatch(new Array(MAX_BATCH_EVENTS).fill({})).ok, true);
  assert.equal(readEventBatch([]).ok, false);
  assert.equal(readEventBatch("text").ok, false);
  assert.equal(readEventBatch(null).ok, false);
});
