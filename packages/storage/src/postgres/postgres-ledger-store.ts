import type { NewLedgerEntry } from "@burnrate/core";
import type { Kysely } from "kysely";
import type { Database } from "../sql/database-schema.js";
import { KyselyLedgerReader } from "../sql/kysely-ledger-reader.js";
import type { AppendOutcome, LedgerStore } from "../storage.js";
import type { PostgresWriterThread } from "./postgres-writer-thread.js";

/**
 * The PostgreSQL ledger: reads through the shared Kysely reader; appends go to the writer thread,
 * group-committed, one transaction per group, resolved only after COMMIT.
 */
export class PostgresLedgerStore extends KyselyLedgerReader implements LedgerStore {
  constructor(
    kysely: Kysely<Database>,
    private readonly writer: PostgresWriterThread,
  ) {
    super(kysely);
  }

  append(entries: readonly NewLedgerEntry[]): Promise<AppendOutcome[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.writer.append(entries);
  }

  /** Resolves once every append made so far is committed (or failed). */
  drain(): Promise<void> {
    return this.writer.drain();
  }

  /** Commits what is pending, then stops the writer thread and its connections. */
  closeWriter(): Promise<void> {
    return this.writer.close();
  }
}
