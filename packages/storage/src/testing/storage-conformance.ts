import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { NewLedgerEntry } from "@burnrate/core";
import { type Storage, StorageConflictError } from "../storage.js";
import { verifyLedger } from "../verify-ledger.js";

export const CONFORMANCE_SEAL_KEY = "conformance-seal-key-0123456789";
const T0 = Date.UTC(2026, 10, 1);

export function makeEntry(
  projectId: string,
  eventId: string,
  overrides: Partial<NewLedgerEntry> = {},
): NewLedgerEntry {
  return {
    projectId,
    eventId,
    entryType: "event",
    timestamp: T0,
    receivedAt: T0 + 5,
    environment: "production",
    source: "ingest",
    provider: "openai",
    model: "gpt-4o",
    operation: "llm_call",
    inputTokens: 100,
    outputTokens: 20,
    totalTokens: 120,
    costNanos: 450_000,
    costSource: "CLIENT_SUPPLIED",
    ...overrides,
  };
}

/**
 * The contract every storage backend meets. A backend is done when this passes against the
 * real database. `open` must return a fresh, empty store each time it is called.
 */
export function runStorageConformance(backend: string, open: () => Promise<Storage>): void {
  describe(`storage conformance: ${backend}`, () => {
    let storage: Storage;
    before(async () => {
      storage = await open();
    });
    after(async () => {
      await storage.close();
    });

    test("appends chain per project and report duplicates by eventId, within and across batches", async () => {
      const first = await storage.ledger.append([
        makeEntry("p1", "a"),
        makeEntry("p1", "b"),
        makeEntry("p1", "a"),
      ]);
      assert.deepEqual(
        first.map((outcome) => outcome.status),
        ["inserted", "inserted", "duplicate"],
      );
      const again = await storage.ledger.append([
        makeEntry("p1", "b"),
        makeEntry("p2", "a"),
        makeEntry("p1", "c"),
      ]);
      assert.deepEqual(
        again.map((outcome) => outcome.status),
        ["duplicate", "inserted", "inserted"],
      );
      assert.deepEqual(
        again.map((outcome) => (outcome.status === "inserted" ? outcome.seq : 0)),
        [0, 1, 3],
      );
      const report = await verifyLedger(storage.ledger, { sealKey: CONFORMANCE_SEAL_KEY });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.deepEqual(report.projects, [
        { projectId: "p1", entries: 3 },
        { projectId: "p2", entries: 1 },
      ]);
    });

    test("concurrent appends all land exactly once on one valid chain", async () => {
      const batches = Array.from({ length: 20 }, (_, batch) =>
        Array.from({ length: 25 }, (_, index) => makeEntry("burst", `e${(batch * 25 + index) % 400}`)),
      );
      const outcomes = (await Promise.all(batches.map((batch) => storage.ledger.append(batch)))).flat();
      assert.equal(outcomes.filter((outcome) => outcome.status === "inserted").length, 400);
      assert.equal(outcomes.filter((outcome) => outcome.status === "duplicate").length, 100);
      const report = await verifyLedger(storage.ledger, {
        sealKey: CONFORMANCE_SEAL_KEY,
        projectId: "burst",
      });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.projects[0]!.entries, 400);
    });

    test("entries read back exactly as written, absent fields absent", async () => {
      const written = makeEntry("roundtrip", "x", {
        cacheReadTokens: 40,
        metadata: { run: 7, nested: { ok: true } },
        latencyMs: 812.5,
        statusCode: 200,
        featureId: "search",
        serviceTier: "batch",
        cacheWriteTokens: 30,
        cacheWrite1hTokens: 10,
        webSearchRequests: 2,
        priceBookVersion: "genai-prices@0.0.0",
        priceId: "openai/gpt-4o",
        engineCostNanos: 460_000,
      });
      delete written.model;
      await storage.ledger.append([written]);
      const page = await storage.ledger.query({ projectId: "roundtrip", order: "asc", limit: 10 });
      const [read] = page.entries;
      assert.ok(read);
      const { seq, prevHash, hash, ...rest } = read;
      assert.equal(seq, 1);
      assert.match(hash, /^[0-9a-f]{64}$/);
      assert.equal(prevHash, "0".repeat(64));
      assert.deepEqual(rest, written);
      assert.equal("model" in read, false);
    });

    test("queries filter, stay in their project and page with a keyset cursor", async () => {
      const entries = Array.from({ length: 30 }, (_, index) =>
        makeEntry("paged", `q${index}`, {
          timestamp: T0 + index * 1000,
          provider: index % 2 === 0 ? "openai" : "anthropic",
          featureId: index % 3 === 0 ? "chat" : "search",
        }),
      );
      await storage.ledger.append(entries);
      await storage.ledger.append([makeEntry("other", "q0", { provider: "openai" })]);

      const seen: string[] = [];
      let afterSeq: number | undefined;
      for (;;) {
        const page = await storage.ledger.query({
          projectId: "paged",
          provider: "openai",
          order: "desc",
          limit: 4,
          ...(afterSeq === undefined ? {} : { afterSeq }),
        });
        seen.push(...page.entries.map((entry) => entry.eventId));
        if (page.nextSeq === null) break;
        afterSeq = page.nextSeq;
      }
      assert.deepEqual(
        seen,
        Array.from({ length: 15 }, (_, index) => `q${28 - index * 2}`),
      );
      const windowed = await storage.ledger.query({
        projectId: "paged",
        from: T0 + 10_000,
        to: T0 + 20_000,
        featureId: "chat",
        order: "asc",
        limit: 100,
      });
      assert.deepEqual(
        windowed.entries.map((entry) => entry.eventId),
        ["q12", "q15", "q18"],
      );
      const none = await storage.ledger.query({ projectId: "nobody", order: "asc", limit: 10 });
      assert.deepEqual(none, { entries: [], nextSeq: null });
    });

    test("API keys: created, found by hash, listed per project, revoked", async () => {
      const record = {
        id: "key_1",
        keyHash: "ab".repeat(32),
        projectId: "p1",
        scope: "ingest" as const,
        prefix: "br_abc",
        createdAt: T0,
      };
      await storage.keys.create(record);
      await storage.keys.create({
        ...record,
        id: "key_2",
        keyHash: "cd".repeat(32),
        projectId: "p2",
        name: "ci",
      });
      assert.deepEqual(await storage.keys.findByHash("ab".repeat(32)), record);
      assert.equal(await storage.keys.findByHash("ef".repeat(32)), undefined);
      assert.deepEqual(
        (await storage.keys.list("p2")).map((key) => key.name),
        ["ci"],
      );
      assert.equal(await storage.keys.revoke("key_1", T0 + 1), true);
      assert.equal(await storage.keys.revoke("key_missing", T0 + 1), false);
      assert.equal((await storage.keys.findByHash("ab".repeat(32)))?.revokedAt, T0 + 1);
    });

    test("agents: create, conflict, get, list, update, archive, scoped by project", async () => {
      const agent = { id: "bot", projectId: "p1", name: "Bot", tags: ["a"], createdAt: T0, updatedAt: T0 };
      await storage.agents.create(agent);
      await storage.agents.create({ ...agent, projectId: "p2", name: "Other bot" });
      await assert.rejects(storage.agents.create(agent), StorageConflictError);
      assert.deepEqual(await storage.agents.get("p1", "bot"), agent);
      assert.equal(await storage.agents.get("p3", "bot"), undefined);
      const updated = await storage.agents.update(
        "p1",
        "bot",
        { name: "Bot 2", tags: [], description: "d" },
        T0 + 9,
      );
      assert.deepEqual(updated, { ...agent, name: "Bot 2", tags: [], description: "d", updatedAt: T0 + 9 });
      await storage.agents.update("p1", "bot", { archived: true }, T0 + 10);
      assert.deepEqual(await storage.agents.list("p1"), []);
      assert.equal((await storage.agents.list("p1", { includeArchived: true }))[0]?.archivedAt, T0 + 10);
      assert.deepEqual([...(await storage.agents.existing("p1", ["bot", "ghost", "bot"]))], ["bot"]);
      assert.equal((await storage.agents.get("p2", "bot"))?.name, "Other bot");
      assert.equal(await storage.agents.update("p1", "ghost", { name: "x" }, T0), undefined);
    });
  });
}
