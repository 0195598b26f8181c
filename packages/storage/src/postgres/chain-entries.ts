import type { LedgerEntry, NewLedgerEntry } from "@burnrate/core";
import { hashEntry } from "../ledger-hash.js";
import type { AppendOutcome } from "../storage.js";

export interface Head {
  seq: number;
  hash: string;
}

export const sameHead = (a: Head, b: Head) => a.seq === b.seq && a.hash === b.hash;

/**
 * A group of batches placed on their projects' chains, batch by batch as they arrive: an
 * eventId the project already holds (`existing`), or that an earlier entry of the group takes,
 * is a duplicate; every other entry gets the next seq, the previous hash and its own hash.
 * Each project starts after `headBefore(projectId)`, which `base` remembers, so the writer can
 * check under the chain lock that the group was chained on the heads the database really has.
 */
export class GroupChain {
  readonly outcomes: AppendOutcome[][] = [];
  /** The entries to insert, in chain order. */
  readonly entries: LedgerEntry[] = [];
  /** The new head of each project that gained entries. */
  readonly heads = new Map<string, Head>();
  /** The head each of those projects was chained on. */
  readonly base = new Map<string, Head>();
  readonly #taken = new Map<string, Set<string>>();

  constructor(
    private readonly headBefore: (projectId: string) => Head,
    private readonly existing: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {}

  /** Chains `batches` after everything added so far; returns the entries they added. */
  add(batches: readonly (readonly NewLedgerEntry[])[]): LedgerEntry[] {
    const added: LedgerEntry[] = [];
    for (const batch of batches) {
      this.outcomes.push(
        batch.map((newEntry): AppendOutcome => {
          const { projectId, eventId } = newEntry;
          let takenIds = this.#taken.get(projectId);
          if (takenIds === undefined) {
            takenIds = new Set<string>();
            this.#taken.set(projectId, takenIds);
          }
          if (takenIds.has(eventId) || this.existing.get(projectId)?.has(eventId))
            return { status: "duplicate" };
          takenIds.add(eventId);
          const head = this.heads.get(projectId) ?? this.#start(projectId);
          // A copy (the caller's object stays as it was); Object.assign copies twice as fast as a
          // spread here, and a prototype view makes every later read slower (bench/ingest-throughput).
          const entry = Object.assign({}, newEntry) as LedgerEntry;
          entry.seq = head.seq + 1;
          entry.prevHash = head.hash;
          entry.hash = hashEntry(head.hash, entry);
          added.push(entry);
          this.heads.set(projectId, { seq: entry.seq, hash: entry.hash });
          return { status: "inserted", seq: entry.seq, hash: entry.hash };
        }),
      );
    }
    for (const entry of added) this.entries.push(entry);
    return added;
  }

  #start(projectId: string): Head {
    const head = this.headBefore(projectId);
    this.base.set(projectId, head);
    return head;
  }
}
