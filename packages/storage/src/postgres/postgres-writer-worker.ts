/**
 * Worker thread that writes the PostgreSQL ledger over its own connections: chaining (canonical
 * text, SHA-256) and encoding the column arrays run on another core while the main thread keeps
 * parsing and validating requests (bench/postgres-writer, bench/ingest-throughput).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { NewLedgerEntry } from "@burnrate/core";
import type { AppendOutcome } from "../storage.js";
import { PostgresLedgerWriter } from "./postgres-ledger-writer.js";
import { createPostgresPool } from "./postgres-pool.js";

export interface PostgresWriterWorkerData {
  url: string;
  sealKey: string;
}
export type PostgresWriterRequest = { id: number; batches: NewLedgerEntry[][] } | { id: number; close: true };
export type PostgresWriterReply = { id: number; outcomes: AppendOutcome[][] } | { id: number; error: string };

const { url, sealKey } = workerData as PostgresWriterWorkerData;
// One connection holds the group being committed; the second serves a retry while the first is
// being given back.
const pool = createPostgresPool({ url, max: 2 });
const writer = new PostgresLedgerWriter(pool, sealKey);
const port = parentPort!;
const reply = (message: PostgresWriterReply) => port.postMessage(message);

port.on("message", (request: PostgresWriterRequest) => {
  if ("close" in request) {
    void writer
      .drain()
      .then(() => pool.end())
      .finally(() => {
        reply({ id: request.id, outcomes: [] });
        port.close();
      });
    return;
  }
  writer.write(request.batches).then(
    (outcomes) => reply({ id: request.id, outcomes }),
    (error: unknown) =>
      reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
