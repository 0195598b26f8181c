import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import type { NewLedgerEntry } from "@burnrate/core";
import { spawnModuleWorker } from "../spawn-module-worker.js";
import type { AppendOutcome } from "../storage.js";
import type {
  PostgresWriterReply,
  PostgresWriterRequest,
  PostgresWriterWorkerData,
} from "./postgres-writer-worker.js";

const spawnWriterWorker = (workerData: PostgresWriterWorkerData) =>
  spawnModuleWorker(import.meta.url, "postgres-writer-worker", workerData);

interface PendingAppend {
  entries: NewLedgerEntry[];
  resolve: (outcomes: AppendOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The main thread's side of the PostgreSQL writer thread. The appends of one turn of the event
 * loop go over as one message, at once: the writer groups whatever arrives while it commits, and
 * chains it meanwhile, so nothing waits here. The thread starts with the first append and
 * holds the process open only while appends are outstanding.
 */
export class PostgresWriterThread {
  #worker: Worker | undefined;
  #gathering: PendingAppend[] = [];
  readonly #sent = new Map<number, PendingAppend[]>();
  #scheduled = false;
  #idle: (() => void)[] = [];
  #nextId = 0;

  constructor(private readonly workerData: PostgresWriterWorkerData) {}

  append(entries: readonly NewLedgerEntry[]): Promise<AppendOutcome[]> {
    return new Promise((resolve, reject) => {
      this.#gathering.push({ entries: entries as NewLedgerEntry[], resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => this.#send());
    });
  }

  /** Resolves once every append made so far is committed (or failed). */
  async drain(): Promise<void> {
    if (this.#sent.size === 0 && this.#gathering.length === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    worker.ref();
    worker.postMessage({ id: -1, close: true } satisfies PostgresWriterRequest);
    await once(worker, "exit");
  }

  #send(): void {
    this.#scheduled = false;
    const appends = this.#gathering;
    this.#gathering = [];
    const id = ++this.#nextId;
    this.#sent.set(id, appends);
    this.#worker ??= this.#startWorker();
    this.#worker.ref();
    this.#worker.postMessage({
      id,
      batches: appends.map((pending) => pending.entries),
    } satisfies PostgresWriterRequest);
  }

  #startWorker(): Worker {
    const worker = spawnWriterWorker(this.workerData);
    worker.on("message", (reply: PostgresWriterReply) => this.#settle(reply));
    const fail = (error: unknown) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      const message = `ledger writer stopped: ${error instanceof Error ? error.message : String(error)}`;
      for (const id of [...this.#sent.keys()]) this.#settle({ id, error: message });
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    worker.unref();
    return worker;
  }

  #settle(reply: PostgresWriterReply): void {
    const appends = this.#sent.get(reply.id);
    if (appends === undefined) return;
    this.#sent.delete(reply.id);
    if ("error" in reply) {
      const error = new Error(reply.error);
      for (const pending of appends) pending.reject(error);
    } else {
      for (const [index, pending] of appends.entries()) pending.resolve(reply.outcomes[index]!);
    }
    if (this.#sent.size > 0) return;
    this.#worker?.unref();
    if (this.#gathering.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
