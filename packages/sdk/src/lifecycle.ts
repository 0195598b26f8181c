import { flushAuto, shutdownAuto } from "./init-auto.js";
import { flushWrappedFetches, shutdownWrappedFetches } from "./wrap-fetch.js";

/** Sends every event recorded so far, by the auto-capture and by `wrapFetch`'s own queues. Never rejects. */
export async function flush(): Promise<void> {
  await Promise.all([flushAuto(), flushWrappedFetches()]);
}

/** Flushes (bounded) and stops capturing; restores `globalThis.fetch`. Never rejects. */
export async function shutdown(): Promise<void> {
  await Promise.all([shutdownAuto(), shutdownWrappedFetches()]);
}
