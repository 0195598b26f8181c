import { generateApiKey, hashApiKey } from "@burnrate/server";
import { API_KEY_SCOPES, type ApiKeyScope } from "@burnrate/storage";
import { Command, Option } from "commander";
import { CliError, checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { printTable } from "../print-table.js";
import { addStorageOptions } from "../storage-options.js";

export function keysCommand(): Command {
  const keys = new Command("keys").description(
    "create, list and revoke API keys (stored only as HMAC-SHA-256 hashes)",
  );

  keys
    .command("create")
    .description("create an API key and print it once")
    .requiredOption("--project <project>", "project the key belongs to (created when new)")
    .addOption(
      new Option("--scope <scope>", "what the key may do").choices([...API_KEY_SCOPES]).default("ingest"),
    )
    .option("--name <name>", "a label to recognize the key by")
    .option("--json", "print one JSON object with a `key` field")
    .action(
      async (
        options: DataDirOptions & { project: string; scope: ApiKeyScope; name?: string; json?: boolean },
      ) => {
        const projectId = checkProjectId(options.project);
        await withStorage(
          options,
          async (storage, { secret }) => {
            const { id, key, prefix } = generateApiKey();
            const createdAt = Date.now();
            await storage.keys.create({
              id,
              keyHash: hashApiKey(secret, key),
              projectId,
              scope: options.scope,
              prefix,
              createdAt,
              ...(options.name === undefined ? {} : { name: options.name }),
            });
            if (options.json) {
              const record = {
                id,
                key,
                projectId,
                scope: options.scope,
                name: options.name ?? null,
                prefix,
                createdAt: new Date(createdAt).toISOString(),
              };
              console.log(JSON.stringify(record));
            } else {
              console.log(
                `Created ${options.scope} key ${id} for project "${projectId}":\n\n  ${key}\n\nStore it now: burnrate keeps only its hash and cannot show it again.`,
              );
            }
          },
          { create: true },
        );
      },
    );

  keys
    .command("list")
    .description("list API keys (never the keys themselves)")
    .option("--project <project>", "only this project's keys")
    .option("--json", "print JSON")
    .action(async (options: DataDirOptions & { project?: string; json?: boolean }) => {
      await withStorage(options, async (storage) => {
        const records = await storage.keys.list(options.project);
        const shown = records.map(({ keyHash: _hash, ...record }) => ({
          ...record,
          createdAt: new Date(record.createdAt).toISOString(),
          revokedAt: record.revokedAt === undefined ? null : new Date(record.revokedAt).toISOString(),
        }));
        if (options.json) return console.log(JSON.stringify(shown));
        printTable(
          ["ID", "PROJECT", "SCOPE", "NAME", "PREFIX", "CREATED", "STATUS"],
          shown.map((key) => [
            key.id,
            key.projectId,
            key.scope,
            key.name ?? "",
            `${key.prefix}…`,
            key.createdAt,
            key.revokedAt ? "revoked" : "active",
          ]),
        );
      });
    });

  keys
    .command("revoke")
    .description("revoke an API key; running servers refuse it within seconds")
    .argument("<id>", "the key's id (see keys list)")
    .action(async (id: string, options: DataDirOptions) => {
      await withStorage(options, async (storage) => {
        if (!(await storage.keys.revoke(id, Date.now()))) throw new CliError(`no API key with id "${id}"`, 1);
        console.log(`Revoked ${id}.`);
      });
    });

  for (const command of keys.commands) addStorageOptions(command);
  return keys;
}
