import { ROLLUP_ADD_SQL, ROLLUP_COLUMNS } from "../sql/spend-rollup-deltas.js";
import { chainLockKey, LEDGER_LOCK_NAMESPACE } from "./advisory-locks.js";
import type { BinaryColumn } from "./ledger-binary-columns.js";

/**
 * The statements of one ledger append. Every one takes whole arrays (unnest), so a group costs
 * the same three round trips whether it holds 1 entry or 20,000: begin, lock and read the heads;
 * write entries, rollups and heads; commit.
 */

/**
 * Opens the transaction, locks each project's chain until COMMIT (in key order, so two groups
 * never deadlock) and reads each project's last entry: one simple-protocol round trip, so the
 * project ids are SQL literals (escaped by the caller). Under READ COMMITTED each statement of it
 * reads a fresh snapshot, so the heads read after the lock see every commit made before it.
 */
export function beginAndReadHeadsSql(projectLiterals: readonly string[], chainLock: boolean): string {
  const projects = `unnest(ARRAY[${projectLiterals.join(", ")}]::text[])`;
  const lock = `SELECT pg_advisory_xact_lock(${LEDGER_LOCK_NAMESPACE}, key)
  FROM (SELECT DISTINCT ${chainLockKey("project_id")} AS key FROM ${projects} AS project_id ORDER BY key) AS keys;`;
  return `BEGIN;
${chainLock ? lock : ""}
SELECT p.project_id, last.seq, last.hash FROM ${projects} AS p(project_id)
  CROSS JOIN LATERAL (SELECT seq, hash FROM ledger_entries AS entry WHERE entry.project_id = p.project_id
    ORDER BY seq DESC LIMIT 1) AS last;`;
}

/**
 * Which of these eventIds the group's projects already hold: index probes of the unique
 * (project_id, event_id) index. With several projects it may return a pair the group does not
 * have (an eventId of one project found in another); the writer matches pairs itself.
 */
export const READ_EXISTING = `SELECT project_id, event_id FROM ledger_entries
  WHERE project_id = ANY($1::text[]) AND event_id = ANY($2::text[])`;

const ROLLUP_TYPES = [
  "text",
  "bigint",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "bigint",
  "bigint",
  "bigint",
  "bigint",
  "bigint",
];
const HEAD_TYPES = ["text", "bigint", "text", "text"];

const placeholders = (types: readonly string[], first: number) =>
  types.map((type, index) => `$${first + index}::${type}[]`).join(", ");

/**
 * Inserts the group's entries (only the columns given: the rest default to NULL), adds its sums
 * to the hourly rollups and moves the chain heads, in one statement (data-modifying CTEs always
 * run to completion). It returns how many entries the unique (project_id, event_id) index let
 * in: fewer than sent means duplicates, and the writer rolls the whole transaction back.
 * Parameters: the entry columns, then the 13 rollup columns, then the 4 head columns.
 */
export function writeGroupSql(columns: readonly BinaryColumn[]): string {
  const rollupsFrom = columns.length + 1;
  const headsFrom = rollupsFrom + ROLLUP_TYPES.length;
  return `WITH inserted AS (
  INSERT INTO ledger_entries (${columns.map(({ column }) => column).join(", ")})
  SELECT * FROM unnest(${placeholders(
    columns.map(({ type }) => type),
    1,
  )})
  ON CONFLICT (project_id, event_id) DO NOTHING RETURNING 1
), rollups AS (
  INSERT INTO spend_rollups (${ROLLUP_COLUMNS.join(", ")})
  SELECT * FROM unnest(${placeholders(ROLLUP_TYPES, rollupsFrom)})
  ON CONFLICT (project_id, hour_ms, environment, provider, model, feature_id, agent_id, user_tier) DO UPDATE SET ${ROLLUP_ADD_SQL}
), heads AS (
  INSERT INTO chain_heads (project_id, seq, hash, seal)
  SELECT * FROM unnest(${placeholders(HEAD_TYPES, headsFrom)})
  ON CONFLICT (project_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, seal = excluded.seal
)
SELECT count(*)::integer AS inserted FROM inserted`;
}
