import { HASHED_FIELDS, type LedgerEntry } from "../events/ledger-event.js";

/** The genesis link: the `prevHash` of every project's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The canonical text of an entry split around its `seq`, which only the ledger writer knows. */
export interface CanonicalEntryParts {
  /** Everything before the seq's digits. */
  before: string;
  /** Everything after them. */
  after: string;
}

if (HASHED_FIELDS[0] !== "projectId" || HASHED_FIELDS[1] !== "seq") {
  throw new Error("HASHED_FIELDS must start with projectId, seq: canonicalEntryParts relies on it");
}
const FIELDS_AFTER_SEQ = HASHED_FIELDS.slice(2) as Exclude<
  (typeof HASHED_FIELDS)[number],
  "projectId" | "seq"
>[];

/**
 * The parts of canonicalizeEntry's text around the seq, so the expensive part can be built off
 * the ledger's write path (bench/ingest-throughput): text = before + seq + after.
 */
export function canonicalEntryParts(
  entry: Omit<LedgerEntry, "hash" | "prevHash" | "seq">,
): CanonicalEntryParts {
  // Written out rather than JSON.stringify(pairs): the same bytes, without an array per field.
  // Field names are plain ASCII, so quoting them needs no escaping.
  let after = "]";
  for (const field of FIELDS_AFTER_SEQ) {
    const value =
      field === "metadata" && entry.metadata !== undefined ? JSON.stringify(entry.metadata) : entry[field];
    if (value === undefined || value === null) continue;
    after += `,["${field}",${JSON.stringify(value)}]`;
  }
  return { before: `[["projectId",${JSON.stringify(entry.projectId)}],["seq",`, after: `${after}]` };
}

/**
 * The exact text that is hashed for one ledger entry: the JSON array of [field, value] pairs in
 * HASHED_FIELDS order, absent fields left out (so fields added to the schema later leave old
 * hashes valid). `metadata` is hashed as its JSON text.
 */
export function canonicalizeEntry(entry: Omit<LedgerEntry, "hash" | "prevHash">): string {
  const { before, after } = canonicalEntryParts(entry);
  return `${before}${entry.seq}${after}`;
}

/** The text whose SHA-256 is an entry's hash: the previous hash, a newline, the canonical entry. */
export function chainLinkText(prevHash: string, canonicalEntry: string): string {
  return `${prevHash}\n${canonicalEntry}`;
}
