import { redactDatabaseUrl } from "@burnrate/storage";

/**
 * The PostgreSQL URL that selects the shared backend (--database-url, else BURNRATE_DATABASE_URL),
 * or undefined for the embedded SQLite file. A bad value is named without its password.
 */
export function resolveDatabaseUrl(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const origin = flag !== undefined ? "--database-url" : "BURNRATE_DATABASE_URL";
  const value = flag ?? env.BURNRATE_DATABASE_URL;
  if (value === undefined || value.trim() === "") return undefined;
  let protocol = "";
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new Error(`${origin} must be a postgres://user:password@host:port/database URL`);
  }
  if (protocol !== "postgres:" && protocol !== "postgresql:")
    throw new Error(
      `${origin} must be a postgres:// URL, got ${redactDatabaseUrl(value)} (leave it unset for the embedded SQLite ledger)`,
    );
  return value;
}
