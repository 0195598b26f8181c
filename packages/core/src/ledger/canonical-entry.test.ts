import assert from "node:assert/strict";
import { test } from "node:test";
import { HASHED_FIELDS, type LedgerEntry } from "../events/ledger-event.js";
import { canonicalEntryParts, canonicalizeEntry } from "./canonical-entry.js";

const entry: Omit<LedgerEntry, "hash" | "prevHash"> = {
  projectId: "acme",
  seq: 7,
  entryType: "event",
  eventId: 'e"1\\',
  timestamp: 1_795_000_000_000,
  receivedAt: 1_795_000_000_005,
  environment: "production",
  source: "ingest",
  provider: "openai",
  model: "gpt-4o \u2603",
  operation: "llm_call",
  inputTokens: 0,
  costNanos: 450_000,
  costSource: "CLIENT_SUPPLIED",
  latencyMs: 812.5,
  metadata: { z: 1, a: [true, null, "x"] },
};

test("canonical text is the JSON array of [field, value] pairs in HASHED_FIELDS order", () => {
  const pairs = HASHED_FIELDS.flatMap((field) => {
    const value = field === "metadata" ? JSON.stringify(entry.metadata) : entry[field];
    return value === undefined ? [] : [[field, value]];
  });
  assert.equal(canonicalizeEntry(entry), JSON.stringify(pairs));
});

test("absent fields are left out, zero is kept, metadata is hashed as its JSON text", () => {
  const text = canonicalizeEntry({ ...entry, metadata: { z: 1 } });
  assert.match(text, /\["inputTokens",0\]/);
  assert.doesNotMatch(text, /outputTokens/);
  assert.match(text, /\["metadata","\{\\"z\\":1\}"\]/);
});

test("the parts around seq rebuild the canonical text for any seq", () => {
  const { seq: _seq, ...withoutSeq } = entry;
  const parts = canonicalEntryParts(withoutSeq);
  for (const seq of [1, 7, 123_456_789]) {
    assert.equal(`${parts.before}${seq}${parts.after}`, canonicalizeEntry({ ...entry, seq }));
  }
});
