import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import type { NewLedgerEntry } from "@burnrate/core";
import type { Kysely } from "kysely";
import { spawnModuleWorker } from "../spawn-module-worker.js";
import type { Database } from "../sql/database-schema.js";
import { KyselyLedgerReader } from "../sql/kysely-ledger-reader.js";
import type { AppendOutcome, LedgerStore } from "../storage.js";
import type { WriterReply, WriterRequest, WriterWorkerData } from "./ledger-writer-worker.js";

const spawnWriterWorker = (workerData: WriterWorkerData) =>
  spawnModuleWorker(import.meta.url, "ledger-writer-worker", workerData);

interface PendingAppend {
  entries: NewLedgerEntry[];
  resolve: (outcomes: AppendOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The SQLite ledger. Reads run on the main connection; appends go to a writer thread that owns
 * the write connection. Appends are group-committed: everything that arrives while a group is
 * being written joins the next group, one IMMEDIATE transaction and one fsync
 * (bench/ingest-throughput). Promises resolve only after the group is committed.
 */
export class SqliteLedgerStore extends KyselyLedgerReader implements LedgerStore {
  readonly #workerData: WriterWorkerData;
  #worker: Worker | undefined;
  #pending: PendingAppend[] = [];
  #inFlight: PendingAppend[] | undefined;
  #scheduled = false;
  #idle: (() => void)[] = [];
  #nextId = 0;

  constructor(kysely: Kysely<Database>, workerData: WriterWorkerData) {
    super(kysely);
    this.#workerData = workerData;
  }

  append(entries: readonly NewLedgerEntry[]): Promise<AppendOutcome[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#pending.push({ entries: entries as NewLedgerEntry[], resolve, reject });
      if (!this.#scheduled && this.#inFlight === undefined) {
        this.#scheduled = true;
        setImmediate(() => this.#sendPending());
      }
    });
  }

  /** Resolves once every append made so far is committed (or failed). */
  async drain(): Promise<void> {
    if (this.#inFlight === undefined && this.#pending.length === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async closeWriter(): Promise<void> {
    await this.drain();
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    worker.ref();
    worker.postMessage({ id: -1, close: true } satisfies WriterRequest);
    await once(worker, "exit");
  }

  #startWorker(): Worker {
    const worker = spawnWriterWorker(this.#workerData);
    worker.on("message", (reply: WriterReply) => this.#settle(reply));
    const fail = (error: unknown) => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#settle({
        id: this.#nextId,
        error: `ledger writer stopped: ${error instanceof Error ? error.message : String(error)}`,
      });
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.#worker === worker) fail(new Error(`exit code ${code}`));
    });
    worker.unref();
    return worker;
  }

  #sendPending(): void {
    this.#scheduled = false;
    if (this.#inFlight !== undefined) return;
    if (this.#pending.length === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    const group = this.#pending;
    this.#pending = [];
    this.#inFlight = group;
    this.#worker ??= this.#startWorker();
    this.#worker.ref();
    this.#worker.postMessage({
      id: ++this.#nextId,
      batches: group.map((pending) => pending.entries),
    } satisfies WriterRequest);
  }

  #settle(reply: WriterReply): void {
    const group = this.#inFlight;
    if (group === undefined || reply.id !== this.#nextId) return;
    this.#inFlight = undefined;
    this.#worker?.unref();
    if ("error" in reply) {
      const error = new Error(reply.error);
      for (const pending of group) pending.reject(error);
    } else {
      for (const [index, pending] of group.entries()) pending.resolve(reply.outcomes[index]!);
    }
    this.#sendPending();
  }
}
