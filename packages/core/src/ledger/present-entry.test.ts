import assert from "node:assert/strict";
import { test } from "node:test";
import type { LedgerEntry } from "../events/ledger-event.js";
import { csvHeader, csvRow, presentEntry } from "./present-entry.js";

const entry: LedgerEntry = {
  projectId: "acme",
  seq: 3,
  entryType: "event",
  eventId: "e-1",
  timestamp: Date.UTC(2026, 10, 1),
  receivedAt: Date.UTC(2026, 10, 1, 0, 0, 1),
  environment: "production",
  source: "ingest",
  provider: "openai",
  operation: "llm_call",
  outputTokens: 20,
  costNanos: 450_000,
  costSource: "CLIENT_SUPPLIED",
  metadata: { note: "=SUM(A1)" },
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
};

test("presentEntry shows dollars and ISO times, seq first, absent fields absent", () => {
  const shown = presentEntry(entry);
  assert.equal(Object.keys(shown)[0], "seq");
  assert.equal(shown.costUsd, 0.00045);
  assert.equal(shown.timestamp, "2026-11-01T00:00:00.000Z");
  assert.equal("inputTokens" in shown, false);
  assert.equal("costNanos" in shown, false);
  assert.equal(presentEntry({ ...entry, engineCostNanos: 460_000 }).engineCostUsd, 0.00046);
});

test("csvRow lines up with csvHeader and quotes JSON cells", () => {
  const header = csvHeader().trimEnd().split(",");
  const row = csvRow(presentEntry(entry));
  assert.equal(header.length, 38);
  assert.match(row, /,"\{""note"":""=SUM\(A1\)""\}",/);
  assert.ok(row.endsWith(`${"b".repeat(64)}\r\n`));
});

test("csv cells that look like formulas are neutralised", () => {
  const row = csvRow(presentEntry({ ...entry, model: "=HYPERLINK(1)" }));
  assert.match(row, /,'=HYPERLINK\(1\),/);
});
