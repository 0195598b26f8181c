/** How the caller's consumption of a body ended. */
export type BodyOutcome = "complete" | "aborted" | "stream_error";

export interface BodyWatcher {
  chunk(bytes: Uint8Array): void;
  end(outcome: BodyOutcome): void;
}

/**
 * A pass-through of `source` that shows the watcher a copy of each chunk after handing the
 * caller the original. It pulls only when the caller reads (no read-ahead), passes the source's
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
  /** The parts of a byte stream controller this pass-through uses. */
  interface Controller {
    enqueue(chunk: Uint8Array): void;
    close(): void;
    error(reason: unknown): void;
  }
  return new ReadableStream(
    {
      type: "bytes",
      async pull(controller: Controller) {
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
        let copy: Uint8Array | undefined;
        try {
          // A byte stream takes over the chunk's buffer when it is enqueued, so copy it first.
          copy = chunk.slice();
        } catch {
          copy = undefined;
        }
        controller.enqueue(chunk);
        if (copy === undefined || ended) return;
        try {
          watcher.chunk(copy);
        } catch {
          // Telemetry never breaks the host.
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
