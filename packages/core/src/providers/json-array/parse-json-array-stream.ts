/**
 * Incremental parser of a streamed top-level JSON array, as Gemini's streamGenerateContent sends
 * without `alt=sse` (`[{…},\r\n{…}]`): hands each element's text to `onElement` as soon as it is
 * complete, so the whole body is never held. It only tracks strings, escapes and nesting depth on
 * bytes (every structural character is ASCII, so multi-byte UTF-8 never confuses it). An element
 * larger than `maxElementBytes` is skipped.
 */
import { concatBytes } from "../concat-bytes.js";

export interface JsonArrayStreamParser {
  push(chunk: Uint8Array): void;
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DEFAULT_MAX_ELEMENT_BYTES = 1 << 22;

export function createJsonArrayStreamParser(
  onElement: (text: string) => void,
  options: { maxElementBytes?: number } = {},
): JsonArrayStreamParser {
  const maxElementBytes = options.maxElementBytes ?? DEFAULT_MAX_ELEMENT_BYTES;
  const decoder = new TextDecoder();
  /** 0: before the array; 1: between elements; >1: inside an element. */
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: Uint8Array[] = [];
  let elementBytes = 0;
  let oversized = false;
  let finished = false;

  const keep = (piece: Uint8Array) => {
    if (piece.length === 0) return;
    elementBytes += piece.length;
    if (elementBytes > maxElementBytes) {
      oversized = true;
      pieces = [];
    }
    if (!oversized) pieces.push(piece);
  };

  const emit = () => {
    if (!oversized && elementBytes > 0) onElement(decoder.decode(concatBytes(pieces, elementBytes)));
    pieces = [];
    elementBytes = 0;
    oversized = false;
  };

  return {
    push(chunk) {
      if (finished) return;
      let start = -1;
      for (let index = 0; index < chunk.length; index++) {
        const byte = chunk[index]!;
        if (depth <= 1) {
          if (depth === 0 && byte === OPEN_BRACKET) depth = 1;
          else if (depth === 1 && byte === CLOSE_BRACKET) {
            finished = true;
            return;
          } else if (depth === 1 && (byte === OPEN_BRACE || byte === OPEN_BRACKET)) {
            // Elements are objects; stray primitives between them are ignored.
            depth = 2;
            start = index;
          }
          continue;
        }
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          depth--;
          if (depth === 1) {
            keep(chunk.subarray(start === -1 ? 0 : start, index + 1));
            start = -1;
            emit();
          }
        }
      }
      if (depth > 1) keep(chunk.slice(start === -1 ? 0 : start));
    },
  };
}
