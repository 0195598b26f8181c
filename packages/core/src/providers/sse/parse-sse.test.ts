import assert from "node:assert/strict";
import { test } from "node:test";
import { createSseParser, type SseEvent } from "./parse-sse.js";

const utf8 = new TextEncoder();

function parse(chunks: (string | Uint8Array)[], maxEventBytes?: number): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser(
    (event) => events.push(event),
    maxEventBytes === undefined ? {} : { maxEventBytes },
  );
  for (const chunk of chunks) parser.push(typeof chunk === "string" ? utf8.encode(chunk) : chunk);
  parser.end();
  return events;
}

function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.slice(offset, offset + size));
  return chunks;
}

test("LF, CR and CRLF line ends, a CRLF split across chunks, comments and named events", () => {
  const expected = [
    { event: "message", data: "one" },
    { event: "message_start", data: "two" },
    { event: "message", data: "three" },
  ];
  assert.deepEqual(
    parse(["data: one\n\nevent: message_start\ndata: two\n\n: keep-alive\ndata:three\n\n"]),
    expected,
  );
  assert.deepEqual(parse(["data: one\r\revent: message_start\rdata: two\r\r: c\rdata:three\r\r"]), expected);
  assert.deepEqual(
    parse(["data: one\r\n\r", "\nevent: message_start\r", "\ndata: two\r\n\r\ndata:three\r\n\r\n"]),
    expected,
  );
});

test("multi-line data joins with LF; a leading BOM is dropped; a field without colon counts", () => {
  assert.deepEqual(parse(["\uFEFFdata: a\ndata: b\ndata\n\n"]), [{ event: "message", data: "a\nb\n" }]);
  assert.deepEqual(parse([new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), "data: x\n\n"]), [
    { event: "message", data: "x" },
  ]);
});

test("a multi-byte character split at every byte decodes whole", () => {
  const bytes = utf8.encode('data: {"text":"日本 ✓ 🎉"}\r\n\r\ndata: [DONE]\r\n\r\n');
  for (const size of [1, 2, 3, 7]) {
    assert.deepEqual(parse(splitEvery(bytes, size)), [
      { event: "message", data: '{"text":"日本 ✓ 🎉"}' },
      { event: "message", data: "[DONE]" },
    ]);
  }
});

test("an event over the size cap is skipped whole, and the next one is parsed", () => {
  const big = `data: ${"x".repeat(100)}\ndata: ${"y".repeat(100)}\n\n`;
  assert.deepEqual(parse([big, "data: small\n\n"], 64), [{ event: "message", data: "small" }]);
  assert.deepEqual(parse(splitEvery(utf8.encode(`${big}data: small\n\n`), 7), 64), [
    { event: "message", data: "small" },
  ]);
});

test("a truncated last event is still handed over at the end; an empty stream yields nothing", () => {
  assert.deepEqual(parse(["data: one\n\ndata: tw"]), [
    { event: "message", data: "one" },
    { event: "message", data: "tw" },
  ]);
  assert.deepEqual(parse([]), []);
  assert.deepEqual(parse(["\n\n\n"]), []);
});
