import { LEDGER_COLUMN_LIST } from "../sql/ledger-row.js";
import { ROLLUP_ADD_SQL, ROLLUP_COLUMNS } from "../sql/spend-rollup-deltas.js";
import { chainLockKey, LEDGER_LOCK_NAMESPACE } from "./advisory-locks.js";
import { LEDGER_COLUMN_TYPES } from "./ledger-column-types.js";

/**
 * The statements of one ledger append. Every one takes whole arrays (unnest), so a group costs
 * the same few round trips whether it holds 1 entry or 20,000.
 */

/** Locks each project's chain until COMMIT, in key order so two groups never deadlock. */
export const LOCK_CHAINS = `SELECT pg_advisory_xact_lock(${LEDGER_LOCK_NAMESPACE}, key)
  FROM (SELECT DISTINCT ${chainLockKey("project_id")} AS key FROM unnest($1::text[]) AS project_id ORDER BY key) AS keys`;

/** The last entry of each project that has one (run after LOCK_CHAINS, as its own statement: see the writer). */
export const READ_HEADS = `SELECT p.project_id, last.seq, last.hash FROM unnest($1::text[]) AS p(project_id)
  CROSS JOIN LATERAL (SELECT seq, hash FROM ledger_entries AS entry WHERE entry.project_id = p.project_id
    ORDER BY seq DESC LIMIT 1) AS last`;

/**
 * Which of these eventIds the group's projects already hold: index probes of the unique
 * (project_id, event_id) index. With several projects it may return a pair the group does not
 * have (an eventId of one project found in another); the writer matches pairs itself.
 */
export const READ_EXISTING = `SELECT project_id, event_id FROM ledger_entries
  WHERE project_id = ANY($1::text[]) AND event_id = ANY($2::text[])`;

export const INSERT_ENTRIES = `INSERT INTO ledger_entries (${LEDGER_COLUMN_LIST.join(", ")})
  SELECT * FROM unnest(${LEDGER_COLUMN_LIST.map((column, index) => `$${index + 1}::${LEDGER_COLUMN_TYPES[column]}[]`).join(", ")})
  ON CONFLICT (project_id, event_id) DO NOTHING`;

export const WRITE_HEADS = `INSERT INTO chain_heads (project_id, seq, hash, seal)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])
  ON CONFLICT (project_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, seal = excluded.seal`;

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

/** Adds a group's sums to the hourly rollups: one row per key (the writer sums first), under the chain locks. */
export const ADD_TO_ROLLUPS = `INSERT INTO spend_rollups (${ROLLUP_COLUMNS.join(", ")})
  SELECT * FROM unnest(${ROLLUP_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(", ")})
  ON CONFLICT (project_id, hour_ms, environment, provider, model, feature_id, agent_id, user_tier) DO UPDATE SET ${ROLLUP_ADD_SQL}`;
