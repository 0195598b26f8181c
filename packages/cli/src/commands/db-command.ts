import { describeStorage, migrateStorage } from "@burnrate/server";
import { Command } from "commander";
import { type DataDirOptions, resolveStorageOptions } from "../open-data-dir.js";
import { addStorageOptions } from "../storage-options.js";

export function dbCommand(): Command {
  const db = new Command("db").description("manage the ledger's database schema");
  addStorageOptions(
    db
      .command("migrate")
      .description(
        "apply the schema migrations the database lacks (burnrate serve also applies them on start)",
      ),
  ).action(async (options: DataDirOptions) => {
    const config = resolveStorageOptions(options);
    const applied = await migrateStorage(config);
    console.log(
      applied.length === 0
        ? `${describeStorage(config)}: the schema is up to date`
        : `${describeStorage(config)}: applied migration(s) ${applied.join(", ")}`,
    );
  });
  return db;
}
