import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { makeTempDir } from "@burnrate/testkit";
import { PricesFileError } from "./prices-file.js";
import { UserPricesWatcher } from "./user-prices-watcher.js";

const temp = makeTempDir();
after(() => temp.remove());
const event = {
  provider: "openai-compatible",
  model: "my-llama",
  timestamp: Date.parse("2026-11-01T00:00:00Z"),
  inputTokens: 10_000,
  outputTokens: 2_000,
};

test("the pricer follows the prices file; an invalid edit is reported and the last good prices stay", () => {
  const file = join(temp.path, "prices.json");
  const errors: string[] = [];
  const watcher = new UserPricesWatcher(file, {
    intervalMs: 60_000,
    onError: (message) => errors.push(message),
  });
  try {
    assert.equal(watcher.priceEvent(event).costSource, "UNPRICED");
    writeFileSync(
      file,
      JSON.stringify({
        models: [{ provider: "openai-compatible", model: "my-llama", input: "0.5", output: "1.5" }],
      }),
    );
    watcher.reload();
    // 10,000 × $0.50 + 2,000 × $1.50 per M = 8,000 µ$
    assert.deepEqual(
      [watcher.priceEvent(event).costSource, watcher.priceEvent(event).costNanos],
      ["USER_PRICE", 8_000_000],
    );
    writeFileSync(
      file,
      JSON.stringify({ models: [{ provider: "openai-compatible", model: "my-llama", input: "cheap" }] }),
    );
    watcher.reload();
    assert.equal(watcher.priceEvent(event).costNanos, 8_000_000);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      /models\[0\]\.input must be a decimal number such as 2\.50; keeping the prices in force/,
    );
  } finally {
    watcher.close();
  }
});

test("starting on an invalid prices file fails naming the field", () => {
  const file = join(temp.path, "bad.json");
  writeFileSync(file, "{ not json");
  assert.throws(
    () => new UserPricesWatcher(file),
    (error) => error instanceof PricesFileError && /is not valid JSON/.test(error.message),
  );
});
