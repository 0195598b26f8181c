import assert from "node:assert/strict";
import { test } from "node:test";
import { HASHED_FIELDS, type LedgerEntry } from "../events/ledger-event.js";
import { canonicalizeEntry } from "./canonical-entry.js";

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

test("absent fields are left out, zero is kept, and stored metadata text is hashed as given", () => {
  const text = canonicalizeEntry(entry, '{"z":1}');
  assert.match(text, /\["inputTokens",0\]/);
  assert.doesNotMatch(text, /outputTokens/);
  assert.match(text, /\["metadata","\{\\"z\\":1\}"\]/);
});
