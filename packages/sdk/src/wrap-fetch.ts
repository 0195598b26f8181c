import { createBurnrateClient } from "./burnrate-client.js";
import { activeClient, unpatchedFetch } from "./init-auto.js";
import type { BurnrateOptions } from "./options.js";

const ownClients = new Set<{ flush(): Promise<void>; shutdown(): Promise<void> }>();

/**
 * Manual mode: a fetch that records the calls it makes, for frameworks that take their own fetch.
 * With options it has its own delivery queue; without, it joins `initBurnrateAuto`'s (and
 * passes calls through unrecorded if that was never called). Never throws.
 */
export function wrapFetch(baseFetch: typeof fetch, options?: BurnrateOptions): typeof fetch {
  try {
    if (options === undefined) return activeClient()?.wrap(baseFetch) ?? baseFetch;
    const delivery = (unpatchedFetch() ?? baseFetch).bind(globalThis);
    const client = createBurnrateClient(options, delivery);
    ownClients.add(client);
    return client.wrap(baseFetch);
  } catch {
    return baseFetch;
  }
}

/** Flushes the queues of the fetches `wrapFetch` made with their own options. */
export async function flushWrappedFetches(): Promise<void> {
  await Promise.all([...ownClients].map((client) => client.flush()));
}

/** Flushes and stops them; they pass calls through unrecorded afterwards. */
export async function shutdownWrappedFetches(): Promise<void> {
  const clients = [...ownClients];
  ownClients.clear();
  await Promise.all(clients.map((client) => client.shutdown()));
}
