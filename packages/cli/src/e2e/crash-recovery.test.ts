import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createKeyWithCli, makeTempDir, runCli, startServerProcess } from "@burnrate/testkit";

// SIGKILL the server in the middle of a load of batches, restart it: every event that got a
// 2xx is in the ledger exactly once, the chain verifies, and retrying the batches that got no
// answer stores each of their events exactly once too.
const temp = makeTempDir();
after(() => temp.remove());

const BATCHES = 400;
const EVENTS_PER_BATCH = 50;
const CONCURRENCY = 8;
const KILL_AFTER_ACKS = 60;

function batch(index: number) {
  return Array.from({ length: EVENTS_PER_BATCH }, (_, event) => ({
    eventId: `crash-${index}-${event}`,
    provider: "openai",
    model: "gpt-4o-mini",
    inputTokens: 100,
    outputTokens: 10,
    costUsd: 0.0001,
  }));
}

async function post(url: string, key: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/ingest`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("a SIGKILL mid-load loses no acknowledged event and double counts none", {
  timeout: 120_000,
}, async () => {
  const key = await createKeyWithCli(temp.path, "crash", "admin");
  const server = await startServerProcess(temp.path);
  const acked = new Set<number>();
  const unanswered = new Set<number>();
  let next = 0;
  let killed = false;

  const worker = async () => {
    while (next < BATCHES) {
      const index = next++;
      try {
        const response = await post(server.url, key, batch(index));
        if (response.status === 200) acked.add(index);
        else unanswered.add(index);
      } catch {
        unanswered.add(index);
      }
      if (!killed && acked.size >= KILL_AFTER_ACKS) {
        killed = true;
        server.child.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  assert.ok(killed, "the server was killed during the load");
  assert.ok(unanswered.size > 0, "some batches were cut off by the kill");
  await server.exited;

  const restarted = await startServerProcess(temp.path);
  try {
    const counts = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const page: Response = await fetch(
        `${restarted.url}/v1/ledger?order=asc&limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
        {
          headers: { "x-api-key": key },
        },
      );
      const body = (await page.json()) as { events: { eventId: string }[]; nextCursor: string | null };
      for (const event of body.events) counts.set(event.eventId, (counts.get(event.eventId) ?? 0) + 1);
      cursor = body.nextCursor;
    } while (cursor !== null);

    for (const index of acked) {
      for (const event of batch(index))
        assert.equal(counts.get(event.eventId), 1, `${event.eventId} acknowledged`);
    }
    // A batch is one transaction: each unanswered batch is either wholly in or wholly out.
    for (const index of unanswered) {
      const present = batch(index).filter((event) => counts.has(event.eventId)).length;
      assert.ok(
        present === 0 || present === EVENTS_PER_BATCH,
        `batch ${index} is all-or-nothing (${present})`,
      );
    }
    console.log(
      `# crash test: ${acked.size} batches acknowledged, ${unanswered.size} cut off, ${counts.size} events on disk`,
    );

    let retriedDuplicates = 0;
    for (const index of unanswered) {
      const response = await post(restarted.url, key, batch(index));
      assert.equal(response.status, 200);
      retriedDuplicates += ((await response.json()) as { duplicates: number }).duplicates;
    }
    const total = await fetch(`${restarted.url}/v1/ledger?format=jsonl`, { headers: { "x-api-key": key } });
    const lines = (await total.text()).trimEnd().split("\n");
    assert.equal(lines.length, (acked.size + unanswered.size) * EVENTS_PER_BATCH);
    assert.equal(
      new Set(lines.map((line) => (JSON.parse(line) as { eventId: string }).eventId)).size,
      lines.length,
    );
    console.log(
      `# crash test: retried ${unanswered.size} batches, ${retriedDuplicates} events were already stored`,
    );
  } finally {
    await restarted.stop();
  }
  const verified = await runCli(["ledger", "verify", "--data-dir", temp.path]);
  assert.equal(verified.code, 0, verified.stdout);
});
