/**
 * Worker thread that owns the ledger's write connection: hashing and inserting run on another
 * core while the main thread keeps parsing and validating requests (bench/ingest-throughput).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { NewLedgerEntry } from "@burnrate/core";
import { openSqliteConnection, type SqliteSynchronous } from "./sqlite-connection.js";
import { SqliteLedgerWriter } from "./sqlite-ledger-writer.js";

export interface WriterWorkerData {
  file: string;
  sealKey: string;
  synchronous: SqliteSynchronous;
}
export type WriterRequest = { id: number; batches: NewLedgerEntry[][] } | { id: number; close: true };
export type WriterReply =
  | { id: number; outcomes: import("../storage.js").AppendOutcome[][] }
  | { id: number; error: string };

const { file, sealKey, synchronous } = workerData as WriterWorkerData;
const db = openSqliteConnection(file, synchronous);
const writer = new SqliteLedgerWriter(db, sealKey);
const port = parentPort!;

port.on("message", (request: WriterRequest) => {
  if ("close" in request) {
    db.close();
    port.postMessage({ id: request.id, outcomes: [] } satisfies WriterReply);
    port.close();
    return;
  }
  try {
    port.postMessage({ id: request.id, outcomes: writer.write(request.batches) } satisfies WriterReply);
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies WriterReply);
  }
});
