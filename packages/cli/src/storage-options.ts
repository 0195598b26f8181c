import { type Command, Option } from "commander";

/** The data dir flag: the SQLite ledger, the server secret and prices.json live there. */
export const dataDirOption = () =>
  new Option(
    "-d, --data-dir <dir>",
    "data dir of the ledger and the server secret (env BURNRATE_DATA_DIR, default ./.burnrate)",
  );

/** The flags that pick the ledger a command works on, the same on every command that opens it. */
export function addStorageOptions(command: Command): Command {
  return command
    .addOption(dataDirOption())
    .addOption(
      new Option(
        "--database-url <url>",
        "postgres://… to use a PostgreSQL ledger instead of the data dir's SQLite file (env BURNRATE_DATABASE_URL)",
      ),
    );
}
