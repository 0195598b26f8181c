import { GENESIS_HASH } from "@burnrate/core";
import { hashEntry, isValidSeal } from "./ledger-hash.js";
import type { LedgerStore } from "./storage.js";

export type LedgerProblemKind =
  | "edited" // the entry's content no longer matches its hash
  | "broken_link" // prevHash is not the previous entry's hash: inserted, deleted or reordered rows
  | "missing" // a gap in seq: rows deleted
  | "truncated" // the chain ends before its sealed head: rows deleted at the tail
  | "bad_head"; // the head's seal is wrong or missing

export interface LedgerProblem {
  projectId: string;
  seq: number;
  kind: LedgerProblemKind;
  message: string;
}

export interface LedgerVerification {
  ok: boolean;
  projects: { projectId: string; entries: number }[];
  problems: LedgerProblem[];
}

export interface VerifyOptions {
  projectId?: string;
  sealKey: string;
  pageSize?: number;
  /** Called after each page with the entries checked so far and the total expected. */
  onProgress?: (checked: number, total: number) => void;
  /** Stop collecting after this many problems (the verdict stays the same). */
  maxProblems?: number;
}

/** Walks each project's chain from genesis and reports every entry that was edited, deleted, inserted or moved. */
export async function verifyLedger(ledger: LedgerStore, options: VerifyOptions): Promise<LedgerVerification> {
  const heads = new Map((await ledger.chainHeads(options.projectId)).map((head) => [head.projectId, head]));
  const projectIds =
    options.projectId !== undefined
      ? [options.projectId]
      : [...new Set([...heads.keys(), ...(await ledger.ledgerProjects())])].sort();
  const total = [...heads.values()].reduce((sum, head) => sum + head.seq, 0);
  const maxProblems = options.maxProblems ?? 1000;
  const pageSize = options.pageSize ?? 5000;
  const problems: LedgerProblem[] = [];
  const projects: LedgerVerification["projects"] = [];
  let checked = 0;
  const report = (problem: LedgerProblem) => {
    if (problems.length < maxProblems) problems.push(problem);
  };

  for (const projectId of projectIds) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let entries = 0;
    for (;;) {
      const page = await ledger.readChain(projectId, expectedSeq - 1, pageSize);
      if (page.length === 0) break;
      for (const entry of page) {
        if (entry.seq !== expectedSeq) {
          report({
            projectId,
            seq: expectedSeq,
            kind: "missing",
            message: `entries ${expectedSeq}..${entry.seq - 1} are missing`,
          });
        }
        if (entry.prevHash !== prevHash) {
          report({
            projectId,
            seq: entry.seq,
            kind: "broken_link",
            message: "prevHash does not match the previous entry's hash",
          });
        }
        const { hash, prevHash: storedPrev, ...content } = entry;
        if (hashEntry(storedPrev, content) !== hash) {
          report({
            projectId,
            seq: entry.seq,
            kind: "edited",
            message: `entry ${entry.eventId} does not match its hash`,
          });
        }
        prevHash = hash;
        expectedSeq = entry.seq + 1;
        entries += 1;
      }
      checked += page.length;
      options.onProgress?.(checked, total);
    }
    const head = heads.get(projectId);
    const lastSeq = expectedSeq - 1;
    if (head === undefined) {
      if (entries > 0)
        report({
          projectId,
          seq: lastSeq,
          kind: "bad_head",
          message: "the project has entries but no sealed chain head",
        });
    } else if (!isValidSeal(options.sealKey, projectId, head.seq, head.hash, head.seal)) {
      report({
        projectId,
        seq: head.seq,
        kind: "bad_head",
        message: "the chain head's seal is invalid (edited head, or another server secret)",
      });
    } else if (head.seq > lastSeq) {
      report({
        projectId,
        seq: lastSeq + 1,
        kind: "truncated",
        message: `entries ${lastSeq + 1}..${head.seq} are missing at the end`,
      });
    } else if (head.seq < lastSeq) {
      report({
        projectId,
        seq: head.seq + 1,
        kind: "bad_head",
        message: `entries ${head.seq + 1}..${lastSeq} lie beyond the sealed head`,
      });
    } else if (head.hash !== prevHash) {
      report({
        projectId,
        seq: lastSeq,
        kind: "broken_link",
        message: "the last entry's hash is not the sealed head's",
      });
    }
    projects.push({ projectId, entries });
  }
  return { ok: problems.length === 0, projects, problems };
}
