import { concatBytes } from "../concat-bytes.js";
import { crc32 } from "./crc32.js";

/** One decoded message: its string headers (`:event-type`, `:message-type`, …) and raw payload. */
export interface AwsEventStreamMessage {
  headers: Record<string, string>;
  payload: Uint8Array;
}

export interface AwsEventStreamParser {
  push(chunk: Uint8Array): void;
  /** True once the stream was found corrupt (a bad CRC or length): nothing more is emitted. */
  readonly failed: boolean;
}

const PRELUDE_BYTES = 12;
const MESSAGE_OVERHEAD = 16;
/** The largest message the framing allows (16 MiB), per the AWS event-stream implementations. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Fixed value sizes of header types 0–9 (bool true, bool false, byte, short, int, long, bytes, string, timestamp, uuid); -1 = u16 length-prefixed. */
const HEADER_VALUE_BYTES = [0, 0, 1, 2, 4, 8, -1, -1, 8, 16];
const decoder = new TextDecoder();

function readHeaders(bytes: Uint8Array, start: number, end: number): Record<string, string> | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headers: Record<string, string> = {};
  let at = start;
  while (at < end) {
    const nameLength = bytes[at]!;
    const name = decoder.decode(bytes.subarray(at + 1, at + 1 + nameLength));
    at += 1 + nameLength;
    const type = bytes[at];
    const fixed = type === undefined ? undefined : HEADER_VALUE_BYTES[type];
    if (fixed === undefined || at + 1 > end) return undefined;
    at += 1;
    if (fixed >= 0) {
      at += fixed;
      continue;
    }
    if (at + 2 > end) return undefined;
    const length = view.getUint16(at);
    if (type === 7) headers[name] = decoder.decode(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return at === end ? headers : undefined;
}

/**
 * Incremental parser of the AWS event-stream binary framing (`application/vnd.amazon.eventstream`,
 * Bedrock ConverseStream): each message is a prelude (total length, headers length, both u32
 * big-endian, and the prelude's CRC-32), typed headers, a payload and the message's CRC-32.
 * Chunks may split a message anywhere. A CRC or length that does not check out stops the parser:
 * the rest of the stream cannot be framed. https://docs.aws.amazon.com/lexv2/latest/dg/event-stream-encoding.html
 */
export function createAwsEventStreamParser(
  onMessage: (message: AwsEventStreamMessage) => void,
): AwsEventStreamParser {
  let buffer: Uint8Array = new Uint8Array(0);
  let failed = false;
  const drain = () => {
    while (buffer.length >= PRELUDE_BYTES) {
      const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      const total = view.getUint32(0);
      const headersLength = view.getUint32(4);
      if (
        view.getUint32(8) !== crc32(buffer, 0, 8) ||
        total < MESSAGE_OVERHEAD + headersLength ||
        total > MAX_MESSAGE_BYTES
      ) {
        failed = true;
        return;
      }
      if (buffer.length < total) return;
      if (view.getUint32(total - 4) !== crc32(buffer, 0, total - 4)) {
        failed = true;
        return;
      }
      const headers = readHeaders(buffer, PRELUDE_BYTES, PRELUDE_BYTES + headersLength);
      if (headers === undefined) {
        failed = true;
        return;
      }
      const payload = buffer.subarray(PRELUDE_BYTES + headersLength, total - 4);
      buffer = buffer.subarray(total);
      onMessage({ headers, payload });
    }
  };
  return {
    push(chunk) {
      if (failed || chunk.length === 0) return;
      buffer =
        buffer.length === 0 ? chunk.slice() : concatBytes([buffer, chunk], buffer.length + chunk.length);
      drain();
    },
    get failed() {
      return failed;
    },
  };
}
