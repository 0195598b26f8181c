import { canonicalEntryParts, type LedgerEntry, type NewLedgerEntry } from "@burnrate/core";
import { entryToValues, LEDGER_COLUMN_LIST } from "./ledger-row.js";

/**
 * An entry made ready for the ledger writer before its place in the chain is known: its column
 * values (seq, prev_hash and hash left null) and its canonical text around the seq. Built on the
 * main thread so the writer only fills three slots and hashes (bench/ingest-throughput).
 */
export interface PreparedEntry {
  projectId: string;
  values: (string | number | null)[];
  canonicalBefore: string;
  canonicalAfter: string;
}

export const SEQ_COLUMN = LEDGER_COLUMN_LIST.indexOf("seq");
export const PREV_HASH_COLUMN = LEDGER_COLUMN_LIST.indexOf("prev_hash");
export const HASH_COLUMN = LEDGER_COLUMN_LIST.indexOf("hash");

export function prepareEntry(entry: NewLedgerEntry): PreparedEntry {
  const { before, after } = canonicalEntryParts(entry);
  return {
    projectId: entry.projectId,
    values: entryToValues(entry as LedgerEntry),
    canonicalBefore: before,
    canonicalAfter: after,
  };
}
