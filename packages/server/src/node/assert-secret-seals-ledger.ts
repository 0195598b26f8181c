import { isValidSeal, type Storage } from "@burnrate/storage";

/**
 * Refuses a shared ledger whose chain heads were sealed under another secret. On PostgreSQL the
 * data dir's secret fingerprint cannot catch it (each instance has its own data dir), and an
 * instance started with another BURNRATE_SECRET would reject every key and write seals that
 * `ledger verify` reports as bad_head.
 */
export async function assertSecretSealsLedger(storage: Storage, secret: string): Promise<void> {
  const [head] = await storage.ledger.chainHeads();
  if (head !== undefined && !isValidSeal(secret, head.projectId, head.seq, head.hash, head.seal)) {
    throw new Error(
      `the server secret does not verify the seal of project ${head.projectId}'s chain head: set the BURNRATE_SECRET the other instances use (or, if the head was edited, run "burnrate ledger verify")`,
    );
  }
}
