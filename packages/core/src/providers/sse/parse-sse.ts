/**
 * The one incremental Server-Sent Events parser, on bytes, after the WHATWG rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * CR, LF and CRLF line ends (a CRLF may be split across chunks), a leading BOM, comment lines,
 * `data` lines joined with LF. Lines are cut on bytes and decoded whole, so a chunk may end
 * inside a multi-byte character. An event larger than `maxEventBytes` is skipped, not buffered.
 */
import { concatBytes } from "../concat-bytes.js";

export interface SseEvent {
  /** The `event:` field, "message" when absent. */
  event: string;
  data: string;
}

export interface SseParser {
  push(chunk: Uint8Array): void;
  /** Dispatches a last event that lacked its blank line (lenient: a truncated stream still yields it). */
  end(): void;
}

const LF = 0x0a;
const CR = 0x0d;
const DEFAULT_MAX_EVENT_BYTES = 1 << 22;

export function createSseParser(
  onEvent: (event: SseEvent) => void,
  options: { maxEventBytes?: number } = {},
): SseParser {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let linePieces: Uint8Array[] = [];
  let lineBytes = 0;
  let eventBytes = 0;
  let oversized = false;
  let skipLineFeed = false;
  let firstLine = true;
  let eventName = "";
  let dataLines: string[] = [];

  const dispatch = () => {
    if (!oversized && dataLines.length > 0) {
      onEvent({ event: eventName === "" ? "message" : eventName, data: dataLines.join("\n") });
    }
    eventName = "";
    dataLines = [];
    eventBytes = 0;
    oversized = false;
  };

  const processLine = (line: string) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") dataLines.push(value);
    else if (field === "event") eventName = value;
  };

  const finishLine = () => {
    const empty = lineBytes === 0;
    const bytes = oversized ? undefined : concatBytes(linePieces, lineBytes);
    linePieces = [];
    lineBytes = 0;
    if (bytes === undefined) {
      if (empty) dispatch();
      return;
    }
    let line = decoder.decode(bytes);
    if (firstLine && line.startsWith("\uFEFF")) line = line.slice(1);
    firstLine = false;
    processLine(line);
  };

  const appendToLine = (piece: Uint8Array) => {
    if (piece.length === 0) return;
    lineBytes += piece.length;
    eventBytes += piece.length;
    if (!oversized && eventBytes > maxEventBytes) {
      oversized = true;
      dataLines = [];
      linePieces = [];
    }
    if (!oversized) linePieces.push(piece);
  };

  return {
    push(chunk) {
      let start = 0;
      for (let index = 0; index < chunk.length; index++) {
        const byte = chunk[index];
        if (skipLineFeed) {
          skipLineFeed = false;
          if (byte === LF) {
            start = index + 1;
            continue;
          }
        }
        if (byte !== CR && byte !== LF) continue;
        appendToLine(chunk.subarray(start, index));
        finishLine();
        skipLineFeed = byte === CR;
        start = index + 1;
      }
      // The unfinished line outlives this call, so it keeps a copy, not a view of the caller's bytes.
      if (start < chunk.length) appendToLine(chunk.slice(start));
    },
    end() {
      if (lineBytes > 0) finishLine();
      dispatch();
    },
  };
}
