import { type BurnrateClient, createBurnrateClient, isCapturingFetch } from "./burnrate-client.js";
import type { BurnrateOptions } from "./options.js";

interface ActiveCapture {
  client: BurnrateClient;
  originalFetch: typeof fetch;
  patchedFetch: typeof fetch;
  onBeforeExit?: () => void;
}

interface ProcessLike {
  once?(event: string, listener: () => void): unknown;
  off?(event: string, listener: () => void): unknown;
}

let active: ActiveCapture | undefined;
const EXIT_FLUSH_TIMEOUT_MS = 2000;

function processOf(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

/** On Node, a bounded last flush when the event loop empties (`beforeExit`). */
function registerExitFlush(capture: ActiveCapture): void {
  const runtime = processOf();
  if (typeof runtime?.once !== "function") return;
  const onBeforeExit = () => {
    if (active !== capture) return;
    void capture.client.shutdown(EXIT_FLUSH_TIMEOUT_MS);
  };
  capture.onBeforeExit = onBeforeExit;
  runtime.once("beforeExit", onBeforeExit);
}

/**
 * Patches `globalThis.fetch` once, so every call to a recognized provider is recorded. Calling it
 * again changes nothing. Never throws: if anything goes wrong, fetch is left as it was.
 */
export function initBurnrateAuto(options: BurnrateOptions): void {
  try {
    if (active !== undefined || typeof globalThis.fetch !== "function") return;
    const originalFetch = globalThis.fetch;
    if (isCapturingFetch(originalFetch)) return;
    const client = createBurnrateClient(options, originalFetch);
    const patchedFetch = client.wrap(originalFetch);
    active = { client, originalFetch, patchedFetch };
    if (patchedFetch !== originalFetch) globalThis.fetch = patchedFetch;
    registerExitFlush(active);
  } catch {
    // Telemetry never breaks the host.
  }
}

/** The client `initBurnrateAuto` started, if any. */
export function activeClient(): BurnrateClient | undefined {
  return active?.client;
}

/** The fetch as it was before `initBurnrateAuto` patched it: the SDK delivers its own events with it. */
export function unpatchedFetch(): typeof fetch {
  return active?.originalFetch ?? globalThis.fetch;
}

/** Sends every event recorded so far by the auto-capture. */
export async function flushAuto(): Promise<void> {
  await active?.client.flush();
}

/**
 * Flushes (bounded), then restores the original fetch, unless someone patched fetch after us:
 * then theirs stays, and ours passes calls through unrecorded.
 */
export async function shutdownAuto(): Promise<void> {
  const capture = active;
  if (capture === undefined) return;
  active = undefined;
  try {
    if (capture.onBeforeExit !== undefined) processOf()?.off?.("beforeExit", capture.onBeforeExit);
    if (globalThis.fetch === capture.patchedFetch) globalThis.fetch = capture.originalFetch;
    await capture.client.shutdown();
  } catch {
    // Telemetry never breaks the host.
  }
}
