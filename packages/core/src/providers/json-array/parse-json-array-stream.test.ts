import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { createJsonArrayStreamParser } from "./parse-json-array-stream.js";

const fixture = readFileSync(new URL("../gemini/__fixtures__/stream-generate-content.json", import.meta.url));

function elementsOf(chunks: Uint8Array[], maxElementBytes?: number): unknown[] {
  const elements: unknown[] = [];
  const parser = createJsonArrayStreamParser(
    (text) => elements.push(JSON.parse(text)),
    maxElementBytes === undefined ? {} : { maxElementBytes },
  );
  for (const chunk of chunks) parser.push(chunk);
  return elements;
}

function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.slice(offset, offset + size));
  return chunks;
}

test("Gemini's streamed JSON array yields each element, whole or split at 1 and 7 bytes", () => {
  const whole = JSON.parse(fixture.toString("utf8")) as unknown[];
  for (const chunks of [[new Uint8Array(fixture)], splitEvery(fixture, 1), splitEvery(fixture, 7)]) {
    assert.deepEqual(elementsOf(chunks), whole);
  }
});

test("brackets, braces and escaped quotes inside strings do not end an element", () => {
  const text = '[{"a":"]}\\"{["},{"b":[1,{"c":"\\\\"}]}]';
  assert.deepEqual(elementsOf(splitEvery(new TextEncoder().encode(text), 1)), [
    { a: ']}"{[' },
    { b: [1, { c: "\\" }] },
  ]);
});

test("an element over the size cap is skipped; a truncated element is never handed over", () => {
  const text = `[{"big":"${"x".repeat(200)}"},{"small":1},{"cut":`;
  assert.deepEqual(elementsOf([new TextEncoder().encode(text)], 64), [{ small: 1 }]);
});
