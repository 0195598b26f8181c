import {
  type AccumulatedUsage,
  createAwsEventStreamParser,
  createJsonArrayStreamParser,
  createSseParser,
  createUsageAccumulator,
  type ProviderCall,
} from "@burnrate/core/providers";

export type BodyFraming = "json" | "sse" | "json-array" | "aws-event-stream";

/** Reads usage out of the SDK's copy of a response body, chunk by chunk. */
export interface BodyObserver {
  push(chunk: Uint8Array): void;
  finish(): AccumulatedUsage;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** How the body is framed, from its content type and the API; undefined when usage cannot be read. */
export function framingOf(call: ProviderCall, contentType: string | null): BodyFraming | undefined {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("text/event-stream")) return "sse";
  if (call.streamFraming === "aws-event-stream")
    return type.includes("application/vnd.amazon.eventstream") ? "aws-event-stream" : undefined;
  if (call.streamFraming === "json-array" && type.includes("json")) return "json-array";
  if (type.includes("json")) return "json";
  return undefined;
}

/**
 * Streams are parsed incrementally and never held whole; only events that may carry usage (or
 * the model, until it is known) are JSON-parsed. A JSON body is kept up to `maxJsonBytes`, and
 * past that it is let go and its tokens are unknown.
 */
export function createBodyObserver(
  framing: BodyFraming,
  call: ProviderCall,
  maxJsonBytes: number,
): BodyObserver {
  const accumulator = createUsageAccumulator(call.shape, call.provider);
  let modelSeen = false;
  const takeEvent = (data: string, eventName?: string) => {
    if (modelSeen && !data.includes("sage")) return;
    const parsed = tryParse(data);
    if (parsed === undefined) return;
    accumulator.addStreamEvent(parsed, eventName);
    if (!modelSeen) modelSeen = accumulator.result().model !== undefined;
  };
  if (framing === "sse") {
    const parser = createSseParser((event) => takeEvent(event.data, event.event));
    return {
      push: (chunk) => parser.push(chunk),
      finish: () => {
        parser.end();
        return accumulator.result();
      },
    };
  }
  if (framing === "aws-event-stream") {
    const decoder = new TextDecoder();
    const parser = createAwsEventStreamParser((message) => {
      if (message.headers[":message-type"] !== "event") return;
      takeEvent(decoder.decode(message.payload), message.headers[":event-type"]);
    });
    return { push: (chunk) => parser.push(chunk), finish: () => accumulator.result() };
  }
  if (framing === "json-array") {
    const parser = createJsonArrayStreamParser((text) => takeEvent(text));
    return { push: (chunk) => parser.push(chunk), finish: () => accumulator.result() };
  }
  let pieces: Uint8Array[] | undefined = [];
  let size = 0;
  return {
    push(chunk) {
      if (pieces === undefined) return;
      size += chunk.length;
      if (size > maxJsonBytes) pieces = undefined;
      else pieces.push(chunk.slice());
    },
    finish() {
      if (pieces === undefined) return {};
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const piece of pieces) {
        bytes.set(piece, offset);
        offset += piece.length;
      }
      pieces = undefined;
      accumulator.addBody(tryParse(new TextDecoder().decode(bytes)));
      return accumulator.result();
    },
  };
}
