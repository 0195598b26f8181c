import { HASHED_FIELDS, type LedgerEntry } from "../events/ledger-event.js";

/** The genesis link: the `prevHash` of every project's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The exact text that is hashed for one ledger entry: a JSON array of [field, value]
 * pairs in HASHED_FIELDS order, absent fields left out. Fields added to the schema later
 * are absent on old rows, so old hashes stay valid. `metadata` is hashed as the JSON
 * text the store keeps, so the store must keep it byte for byte.
 */
export function canonicalizeEntry(
  entry: Omit<LedgerEntry, "hash" | "prevHash">,
  metadataJson?: string,
): string {
  // Written out rather than JSON.stringify(pairs): the same bytes, without an array per field
  // (bench/ingest-throughput). Field names are plain ASCII, so quoting them needs no escaping.
  let text = "";
  for (const field of HASHED_FIELDS) {
    let value: unknown = entry[field];
    if (field === "metadata")
      value = metadataJson ?? (value === undefined ? undefined : JSON.stringify(value));
    if (value === undefined || value === null) continue;
    text += `${text === "" ? "" : ","}["${field}",${JSON.stringify(value)}]`;
  }
  return `[${text}]`;
}

/** The text whose SHA-256 is an entry's hash: the previous hash, a newline, the canonical entry. */
export function chainLinkText(prevHash: string, canonicalEntry: string): string {
  return `${prevHash}\n${canonicalEntry}`;
}
