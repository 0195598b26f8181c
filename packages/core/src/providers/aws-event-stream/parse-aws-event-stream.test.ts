import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createUsageAccumulator } from "../accumulate-usage.js";
import { detectProviderCall } from "../detect-provider-call.js";
import { crc32 } from "./crc32.js";
import { type AwsEventStreamMessage, createAwsEventStreamParser } from "./parse-aws-event-stream.js";

const fixture = readFileSync(new URL("../bedrock/__fixtures__/converse-stream.eventstream", import.meta.url));

function parseInPieces(bytes: Uint8Array, size: number) {
  const messages: AwsEventStreamMessage[] = [];
  const parser = createAwsEventStreamParser((message) => messages.push(message));
  for (let offset = 0; offset < bytes.length; offset += size) parser.push(bytes.slice(offset, offset + size));
  return { messages, failed: parser.failed };
}

describe("the AWS event-stream framing", () => {
  test("CRC-32 matches the gzip CRC of published event-stream messages", () => {
    // A message with no headers and the payload {"foo": "bar"}: prelude CRC 0xBAF2F68A, message CRC 0xAE7258E4.
    const payload = new TextEncoder().encode('{"foo": "bar"}');
    const message = new Uint8Array([
      0,
      0,
      0,
      30,
      0,
      0,
      0,
      0,
      0xba,
      0xf2,
      0xf6,
      0x8a,
      ...payload,
      0xae,
      0x72,
      0x58,
      0xe4,
    ]);
    assert.equal(crc32(message, 0, 8), 0xbaf2f68a);
    assert.equal(crc32(message, 0, 26), 0xae7258e4);
    const { messages, failed } = parseInPieces(message, 3);
    assert.equal(failed, false);
    assert.deepEqual(messages[0]?.headers, {});
    assert.equal(new TextDecoder().decode(messages[0]?.payload), '{"foo": "bar"}');
  });

  for (const size of [fixture.length, 1, 7]) {
    test(`a ConverseStream capture, in pieces of ${size} bytes: every event, headers and the metadata usage`, () => {
      const { messages, failed } = parseInPieces(fixture, size);
      assert.equal(failed, false);
      assert.deepEqual(
        messages.map((message) => message.headers[":event-type"]),
        [
          "messageStart",
          "contentBlockDelta",
          "contentBlockDelta",
          "contentBlockStop",
          "messageStop",
          "metadata",
        ],
      );
      assert.equal(messages[0]?.headers[":message-type"], "event");
      const call = detectProviderCall(
        new URL(
          "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream",
        ),
      );
      const accumulator = createUsageAccumulator(call!.shape, call!.provider);
      for (const message of messages)
        accumulator.addStreamEvent(
          JSON.parse(new TextDecoder().decode(message.payload)),
          message.headers[":event-type"],
        );
      assert.deepEqual(accumulator.result().usage, {
        inputTokens: 27 + 1024,
        outputTokens: 9,
        cacheReadTokens: 1024,
        cacheWriteTokens: 0,
      });
    });
  }

  test("a flipped byte fails the message CRC and stops the parser; a bad prelude CRC too", () => {
    const payloadFlipped = fixture.slice();
    payloadFlipped[120] = payloadFlipped[120]! ^ 0xff;
    const first = parseInPieces(payloadFlipped, 64);
    assert.equal(first.failed, true);
    assert.equal(first.messages.length, 0);
    const preludeFlipped = fixture.slice();
    preludeFlipped[3] = preludeFlipped[3]! ^ 0x01;
    assert.equal(parseInPieces(preludeFlipped, 5).failed, true);
  });

  test("Claude on Bedrock InvokeModel: the Anthropic body's usage", () => {
    const call = detectProviderCall(
      new URL(
        "https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-sonnet-4-20250514-v1%3A0/invoke",
      ),
    );
    assert.equal(call?.provider, "bedrock");
    assert.equal(call?.urlModel, "anthropic.claude-sonnet-4-20250514-v1:0");
    const accumulator = createUsageAccumulator(call!.shape, call!.provider);
    accumulator.addBody(
      JSON.parse(
        readFileSync(new URL("../bedrock/__fixtures__/invoke-anthropic.json", import.meta.url), "utf8"),
      ),
    );
    assert.deepEqual(accumulator.result(), {
      usage: { inputTokens: 22 + 512, outputTokens: 14, cacheReadTokens: 512, cacheWriteTokens: 0 },
      model: "claude-sonnet-4-20250514",
    });
  });
});
