import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { NewLedgerEntry } from "@burnrate/core";
import { localDay } from "../sql/time-zone-day.js";
import type { SpendQuery, SpendRow, Storage } from "../storage.js";
import { makeEntry } from "./storage-conformance.js";

const T0 = Date.UTC(2026, 10, 1); // 2026-11-01T00:00:00Z
const MINUTE = 60_000;
const MODELS = ["gpt-4o", "claude-sonnet-4-5", undefined] as const;
const FEATURES = ["search", "chat"] as const;

/** 3 days of entries every 7 minutes, varied dimensions, some unpriced, plus adjustments. */
function sampleEntries(projectId: string): NewLedgerEntry[] {
  const entries: NewLedgerEntry[] = [];
  for (let index = 0; index < (3 * 24 * 60) / 7; index += 1) {
    const model = MODELS[index % MODELS.length];
    const entry = makeEntry(projectId, `s${index}`, {
      timestamp: T0 + index * 7 * MINUTE + (index % 5) * 1000,
      featureId: FEATURES[index % 2],
      customerId: index % 4 === 0 ? "cust-a" : "cust-b",
      inputTokens: 100 + index,
      outputTokens: 10 + (index % 13),
      costNanos: index % 11 === 0 ? undefined : 1_000 * (index + 1),
    });
    if (model === undefined) delete entry.model;
    else entry.model = model;
    entries.push(entry);
    if (index % 17 === 0)
      entries.push(
        makeEntry(projectId, `adj${index}`, {
          entryType: "adjustment",
          adjustsEventId: `s${index}`,
          timestamp: entry.timestamp,
          featureId: entry.featureId,
          model: entry.model,
          costNanos: -500,
          inputTokens: undefined,
          outputTokens: undefined,
          totalTokens: undefined,
        }),
      );
  }
  return entries;
}

/** The same summary computed by brute force over the entries, to compare with the store's. */
function expected(entries: NewLedgerEntry[], query: SpendQuery): SpendRow[] {
  const groups = new Map<string, SpendRow>();
  for (const entry of entries) {
    if (entry.projectId !== query.projectId || entry.timestamp < query.from || entry.timestamp >= query.to)
      continue;
    if (
      Object.entries(query.filters ?? {}).some(
        ([field, value]) => entry[field as keyof NewLedgerEntry] !== value,
      )
    )
      continue;
    const row: SpendRow = { costNanos: 0, events: 0, unpricedEvents: 0, inputTokens: 0, outputTokens: 0 };
    if (query.groupBy.includes("day")) row.day = localDay(entry.timestamp, query.timeZone);
    if (query.groupBy.includes("model")) row.model = entry.model ?? null;
    if (query.groupBy.includes("featureId")) row.featureId = entry.featureId ?? null;
    const key = JSON.stringify([row.day, row.model, row.featureId]);
    const sum = groups.get(key) ?? row;
    sum.costNanos += entry.costNanos ?? 0;
    if (entry.entryType === "event") sum.events += 1;
    if (entry.entryType === "event" && entry.costNanos === undefined) sum.unpricedEvents += 1;
    sum.inputTokens += entry.inputTokens ?? 0;
    sum.outputTokens += entry.outputTokens ?? 0;
    groups.set(key, sum);
  }
  return [...groups.values()];
}

const canonical = (rows: SpendRow[]) =>
  rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();

/** Spend summaries: exact at any boundary, in any time zone, from rollups or the ledger alike. */
export function runSpendConformance(backend: string, open: () => Promise<Storage>): void {
  describe(`spend summaries: ${backend}`, () => {
    let storage: Storage;
    const entries = sampleEntries("spend");
    before(async () => {
      storage = await open();
      for (let index = 0; index < entries.length; index += 250)
        await storage.ledger.append(entries.slice(index, index + 250));
      await storage.ledger.append([
        makeEntry("elsewhere", "x", { timestamp: T0 + 5 * MINUTE, costNanos: 10 ** 9 }),
      ]);
    });
    after(() => storage.close());

    const cases: [string, Omit<SpendQuery, "projectId">][] = [
      ["by model over whole hours", { from: T0, to: T0 + 48 * 60 * MINUTE, groupBy: ["model"] }],
      [
        "by model with partial hours at both ends",
        { from: T0 + 95 * MINUTE, to: T0 + 2_000 * MINUTE + 1, groupBy: ["model"] },
      ],
      ["by feature and UTC day", { from: T0, to: T0 + 3 * 1440 * MINUTE, groupBy: ["day", "featureId"] }],
      [
        "by day in Europe/Paris",
        { from: T0 + 30 * MINUTE, to: T0 + 3 * 1440 * MINUTE, groupBy: ["day"], timeZone: "Europe/Paris" },
      ],
      [
        "by day in Asia/Kolkata (+05:30)",
        { from: T0, to: T0 + 3 * 1440 * MINUTE, groupBy: ["day"], timeZone: "Asia/Kolkata" },
      ],
      [
        "filtered by a customer (ledger only)",
        { from: T0, to: T0 + 3 * 1440 * MINUTE, groupBy: ["model"], filters: { customerId: "cust-a" } },
      ],
      [
        "filtered by feature, total",
        { from: T0 + 61 * MINUTE, to: T0 + 1_441 * MINUTE, groupBy: [], filters: { featureId: "chat" } },
      ],
      ["inside one hour", { from: T0 + 10 * MINUTE, to: T0 + 50 * MINUTE, groupBy: ["model"] }],
    ];
    for (const [name, range] of cases) {
      test(name, async () => {
        const query = { projectId: "spend", ...range };
        const rows = await storage.ledger.spendSummary(query);
        assert.ok(rows.length > 0, "the sample has entries in every case's range");
        assert.deepEqual(canonical(rows), canonical(expected(entries, query)));
        const scanned = await storage.ledger.spendSummary({ ...query, source: "ledger" });
        assert.deepEqual(canonical(scanned), canonical(rows), "rollups and a ledger scan agree");
      });
    }

    test("Kolkata days split at 18:30 UTC, Paris days at 23:00 UTC", async () => {
      const query = { projectId: "spend", from: T0, to: T0 + 1440 * MINUTE, groupBy: ["day"] as const };
      const kolkata = await storage.ledger.spendSummary({ ...query, timeZone: "Asia/Kolkata" });
      const paris = await storage.ledger.spendSummary({ ...query, timeZone: "Europe/Paris" });
      assert.deepEqual(
        kolkata.map((row) => row.day),
        ["2026-11-01", "2026-11-02"],
      );
      assert.deepEqual(
        paris.map((row) => row.day),
        ["2026-11-01", "2026-11-02"],
      );
      const kolkataFirst = entries.filter(
        (entry) => entry.timestamp < T0 + (18 * 60 + 30) * MINUTE && entry.entryType === "event",
      );
      assert.equal(kolkata[0]!.events, kolkataFirst.length);
    });
  });
}
