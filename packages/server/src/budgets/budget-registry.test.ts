import assert from "node:assert/strict";
import { test } from "node:test";
import type { BudgetRecord, Storage } from "@burnrate/storage";
import { BudgetRegistry } from "./budget-registry.js";

const record = (id: string): BudgetRecord => ({
  id,
  projectId: "p",
  policy: { scope: {}, window: { kind: "lifetime" }, limitUsd: 1, action: "block", alertThresholds: [1] },
  createdAt: 0,
  updatedAt: 0,
});

test("a refresh after a change sees it, even while an older read is still in flight", async () => {
  const stored: BudgetRecord[] = [];
  const reads: { release: () => void; sees: number }[] = [];
  const storage = {
    budgets: {
      list: () =>
        new Promise<BudgetRecord[]>((resolve) => {
          // Each read sees the table as it is when the read begins, and answers when released.
          const snapshot = [...stored];
          reads.push({ release: () => resolve(snapshot), sees: snapshot.length });
        }),
    },
    kills: { list: async () => [] },
  } as unknown as Storage;
  const registry = new BudgetRegistry(storage);
  const background = registry.refresh(); // the timer's read, begun before the change
  while (reads.length === 0) await new Promise((resolve) => setImmediate(resolve));
  stored.push(record("new"));
  const afterChange = registry.refresh();
  reads[0]!.release();
  await background;
  for (let turn = 0; turn < 100 && reads.length === 1; turn += 1)
    await new Promise((resolve) => setImmediate(resolve));
  assert.equal(reads.length, 2, "the second read starts once the first is done");
  assert.equal(reads[1]!.sees, 1);
  reads[1]!.release();
  await afterChange;
  assert.deepEqual(
    registry.budgets("p").map((budget) => budget.id),
    ["new"],
  );
});
