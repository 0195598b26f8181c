import { createHmac, hash as oneShotHash, timingSafeEqual } from "node:crypto";
import { canonicalizeEntry, chainLinkText, type LedgerEntry } from "@burnrate/core";

/** SHA-256 of the previous hash and the canonical entry, hex. */
export function hashEntry(prevHash: string, entry: Omit<LedgerEntry, "hash" | "prevHash">): string {
  // One-shot hash: half the cost of createHash per entry (bench/ingest-throughput).
  return oneShotHash("sha256", chainLinkText(prevHash, canonicalizeEntry(entry)), "hex");
}

export function sealChainHead(sealKey: string, projectId: string, seq: number, hash: string): string {
  return createHmac("sha256", sealKey).update(`${projectId}\n${seq}\n${hash}`).digest("hex");
}

export function isValidSeal(
  sealKey: string,
  projectId: string,
  seq: number,
  hash: string,
  seal: string,
): boolean {
  const expected = Buffer.from(sealChainHead(sealKey, projectId, seq, hash), "hex");
  const actual = Buffer.from(seal, "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
