import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

/** A run that has not finished by then is stopped: the bench never hangs on a stuck server. */
const MAX_RUN_MS = 60_000;
const SUMMARY = /^\{"accepted":(\d+),"duplicates":(\d+),"rejected":(\d+)/;

/** Nearest-rank percentile of the response times (autocannon's own histogram keeps whole milliseconds only). */
function percentile(sortedMs, fraction) {
  return sortedMs[Math.max(0, Math.ceil(fraction * sortedMs.length) - 1)] ?? Number.NaN;
}

/**
 * POSTs `amount` requests to `url`/v1/events over `connections` keep-alive connections, each
 * with the next body of `bodies`, and stops when all are answered. Times the run itself (from
 * the first request to the last response) because autocannon only notices the end at its next
 * sample tick. Counts what burnrate says it stored, read from the head of each answer.
 */
export async function sendBodies({ url, apiKey, bodies, amount, connections }) {
  const stored = { accepted: 0, duplicates: 0, rejected: 0 };
  const countStored = (_status, body) => {
    const match = SUMMARY.exec(body);
    if (match === null) return;
    stored.accepted += Number(match[1]);
    stored.duplicates += Number(match[2]);
    stored.rejected += Number(match[3]);
  };
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const instance = autocannon({
    url,
    connections,
    amount,
    timeout: 30,
    sampleInt: 100,
    requests: [
      {
        method: "POST",
        path: "/v1/events",
        headers: { "content-type": "application/json", "x-api-key": apiKey },
        setupRequest: (request) => ({ ...request, body: bodies.take() }),
        onResponse: countStored,
      },
    ],
  });
  const latenciesMs = [];
  instance.on("response", (_client, _status, _bytes, responseTimeMs) => {
    lastResponseAt = performance.now();
    latenciesMs.push(responseTimeMs);
  });
  const cap = setTimeout(() => instance.stop(), MAX_RUN_MS);
  const result = await instance;
  clearTimeout(cap);
  latenciesMs.sort((a, b) => a - b);
  return {
    seconds: (lastResponseAt - startedAt) / 1000,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
    stored,
  };
}
