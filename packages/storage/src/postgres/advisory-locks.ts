/**
 * Advisory lock keys (two int4: namespace, key). Advisory locks are database-wide, so every key
 * includes current_schema(): burnrate instances in different schemas of one database never wait
 * for each other.
 */
export const LEDGER_LOCK_NAMESPACE = 0x62726c67; // "brlg"
export const MIGRATION_LOCK_NAMESPACE = 0x62726d67; // "brmg"

/** The per-project chain key, as SQL over a project id expression. */
export const chainLockKey = (projectIdSql: string) => `hashtext(current_schema() || '/' || ${projectIdSql})`;
