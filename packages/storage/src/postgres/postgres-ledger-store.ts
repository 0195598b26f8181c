import type { NewLedgerEntry } from "@burnrate/core";
import type { Kysely } from "kysely";
import { GroupCommitQueue } from "../group-commit-queue.js";
import type { Database } from "../sql/database-schema.js";
import { KyselyLedgerReader } from "../sql/kysely-ledger-reader.js";
import type { AppendOutcome, LedgerStore } from "../storage.js";
import type { PostgresLedgerWriter } from "./postgres-ledger-writer.js";

/**
 * The PostgreSQL ledger: reads through the shared Kysely reader; appends group-committed, one
 * transaction per group, resolved only after COMMIT.
 */
export class PostgresLedgerStore extends KyselyLedgerReader implements LedgerStore {
  readonly #queue: GroupCommitQueue<readonly NewLedgerEntry[], AppendOutcome[]>;

  constructor(kysely: Kysely<Database>, writer: PostgresLedgerWriter) {
    super(kysely);
    this.#queue = new GroupCommitQueue((batches) => writer.write(batches));
  }

  append(entries: readonly NewLedgerEntry[]): Promise<AppendOutcome[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.#queue.push(entries);
  }

  /** Resolves once every append made so far is committed (or failed). */
  drain(): Promise<void> {
    return this.#queue.drain();
  }
}
