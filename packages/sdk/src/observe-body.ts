/** How the caller's consumption of a body ended. */
export type BodyOutcome = "complete" | "aborted" | "stream_error";

export interface BodyWatcher {
  chunk(bytes: Uint8Array): void;
  end(outcome: BodyOutcome): void;
}

/** The parts of a byte stream controller this pass-through uses. */
interface Controller {
  enqueue(chunk: Uint8Array): void;
  close(): void;
  error(reason: unknown): void;
}

/**
 * A pass-through of `source` that hands the caller each chunk's bytes, then shows the watcher
 * the chunk (which it must copy to keep). It pulls only when the caller reads (no read-ahead), passes the source's
 * own errors through, and a cancel by the caller reaches the source, so an aborted stream stops
 * the provider as it would without the SDK. A watcher that throws is ignored.
 */
export function observeBody(
  source: ReadableStream<Uint8Array>,
  watcher: BodyWatcher,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let ended = false;
  const end = (outcome: BodyOutcome) => {
    if (ended) return;
    ended = true;
    try {
      watcher.end(outcome);
    } catch {
      // Telemetry never breaks the host.
    }
  };
  return new ReadableStream(
    {
      type: "bytes",
      async pull(controller: Controller) {
        for (;;) {
          let result: Awaited<ReturnType<typeof reader.read>>;
          try {
            result = await reader.read();
          } catch (error) {
            end("stream_error");
            controller.error(error);
            return;
          }
          if (result.done) {
            controller.close();
            end("complete");
            return;
          }
          const chunk = result.value;
          // A byte stream refuses empty chunks; they carry nothing, so read on.
          if (chunk.byteLength === 0) continue;
          // A byte stream takes over the buffer of what it enqueues: hand the caller a copy, so
          // the source's buffer (perhaps shared, as pooled Buffers are) is never detached.
          controller.enqueue(new Uint8Array(chunk));
          if (ended) return;
          try {
            watcher.chunk(chunk);
          } catch {
            // Telemetry never breaks the host.
          }
          return;
        }
      },
      cancel(reason: unknown) {
        end("aborted");
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
