import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PRICE_OVERRIDES, parseUserPrices, type UserPrices } from "@burnrate/core";
import { writePricesFile } from "@burnrate/server";
import { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { DataDirOptions } from "../open-data-dir.js";
import { printTable } from "../print-table.js";
import { dataDirOption } from "../storage-options.js";
import { checkCommand, quoteCommand, repriceCommand } from "./prices-ledger-commands.js";
import { loadUserPrices } from "./user-prices-file.js";

/** The flag that sets each field of an entry, to name it in errors. */
const FLAG_OF: Record<string, string> = {
  cacheRead: "--cache-read",
  cacheWrite5m: "--cache-write",
  cacheWrite1h: "--cache-write-1h",
  perRequest: "--per-request",
  effectiveFrom: "--effective-from",
};

/** Validates the edited prices as a whole (naming the bad flag) and writes them atomically. */
function savePrices(file: string, next: unknown): UserPrices {
  const parsed = parseUserPrices(next);
  if (!parsed.ok) {
    // The file was valid when read, so the problem is in the entry being added: name its flag.
    const field = /^\w+\[\d+\]\.(\w+) /.exec(parsed.error)?.[1];
    throw new CliError(
      field === undefined ? parsed.error : parsed.error.replace(/^\S+/, FLAG_OF[field] ?? `--${field}`),
    );
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writePricesFile(file, parsed.prices);
  return parsed.prices;
}

const sameKey = (a: string | undefined, b: string | undefined) =>
  (a ?? "").trim().toLowerCase() === (b ?? "").trim().toLowerCase();

function listCommand(): Command {
  return new Command("list")
    .description("show your prices, discounts and aliases, and burnrate's corrections to the price book")
    .option("--json", "print JSON")
    .addOption(dataDirOption())
    .action((options: DataDirOptions & { json?: boolean }) => {
      const { file, prices } = loadUserPrices(options);
      if (options.json) {
        console.log(JSON.stringify({ file, ...prices, overrides: PRICE_OVERRIDES }));
        return;
      }
      console.log(`your prices (${file}), in $ per million tokens:`);
      printTable(
        [
          "PROVIDER",
          "MODEL",
          "FROM",
          "INPUT",
          "OUTPUT",
          "CACHE READ",
          "CACHE WRITE 5M",
          "CACHE WRITE 1H",
          "NOTE",
        ],
        prices.models.map((price) => [
          price.provider,
          price.model,
          price.effectiveFrom ?? "always",
          String(price.input),
          String(price.output),
          String(price.cacheRead ?? "= input"),
          String(price.cacheWrite5m ?? "= input"),
          String(price.cacheWrite1h ?? "= 5m"),
          price.note ?? "",
        ]),
      );
      console.log("\ndiscounts:");
      printTable(
        ["PROVIDER", "MODEL", "PERCENT", "FROM"],
        prices.discounts.map((discount) => [
          discount.provider,
          discount.model ?? "(all)",
          `${discount.percent}%`,
          discount.effectiveFrom ?? "always",
        ]),
      );
      console.log("\naliases (deployment and local names):");
      printTable(
        ["PROVIDER", "NAME", "PRICED AS"],
        prices.aliases.map((alias) => [alias.provider, alias.from, alias.to]),
      );
      console.log("\nburnrate's corrections to the price book:");
      printTable(
        ["PROVIDER", "MODELS", "FROM", "WHY"],
        PRICE_OVERRIDES.map((override) => [
          override.upstreamProvider,
          override.modelIds.join(", "),
          override.effectiveFrom,
          override.note,
        ]),
      );
    });
}

function setCommand(): Command {
  return new Command("set")
    .description(
      "set your price for a model (negotiated, fine-tuned or self-hosted), in $ per million tokens",
    )
    .requiredOption("--provider <provider>", "provider id, e.g. openai, openai-compatible, ollama")
    .requiredOption("--model <model>", "model id as it appears on the wire")
    .requiredOption("--input <dollars>", "input price per million tokens")
    .requiredOption("--output <dollars>", "output price per million tokens (reasoning included)")
    .option("--cache-read <dollars>", "cache-read price (default: the input price)")
    .option("--cache-write <dollars>", "5-minute cache-write price (default: the input price)")
    .option("--cache-write-1h <dollars>", "1-hour cache-write price (default: the 5-minute price)")
    .option("--per-request <dollars>", "a fixed fee per request, in dollars")
    .option("--effective-from <date>", "the date (or ISO date-time) from which this price holds")
    .option("--note <text>", "where the price comes from")
    .addOption(dataDirOption())
    .action((options: DataDirOptions & Record<string, string | undefined>) => {
      const { file, prices } = loadUserPrices(options);
      const entry = {
        provider: options.provider!,
        model: options.model!,
        input: options.input!,
        output: options.output!,
        ...(options.cacheRead ? { cacheRead: options.cacheRead } : {}),
        ...(options.cacheWrite ? { cacheWrite5m: options.cacheWrite } : {}),
        ...(options.cacheWrite1h ? { cacheWrite1h: options.cacheWrite1h } : {}),
        ...(options.perRequest ? { perRequest: options.perRequest } : {}),
        ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}),
        ...(options.note ? { note: options.note } : {}),
      };
      const models = prices.models.filter(
        (price) =>
          !(
            sameKey(price.provider, entry.provider) &&
            sameKey(price.model, entry.model) &&
            sameKey(price.effectiveFrom, entry.effectiveFrom)
          ),
      );
      savePrices(file, { ...prices, models: [...models, entry] });
      console.log(
        `price set for ${entry.provider}/${entry.model} in ${file} (a running server picks it up within 2 s)`,
      );
    });
}

function discountCommand(): Command {
  return new Command("discount")
    .description("apply a negotiated discount to a provider's registry prices (or to one model's)")
    .requiredOption("--provider <provider>", "provider id")
    .requiredOption("--percent <percent>", "discount in percent, e.g. 12.5", Number)
    .option("--model <model>", "only this model")
    .option("--effective-from <date>", "the date from which the discount holds")
    .addOption(dataDirOption())
    .action(
      (
        options: DataDirOptions & {
          provider: string;
          percent: number;
          model?: string;
          effectiveFrom?: string;
        },
      ) => {
        const { file, prices } = loadUserPrices(options);
        const entry = {
          provider: options.provider,
          percent: options.percent,
          ...(options.model ? { model: options.model } : {}),
          ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}),
        };
        const discounts = prices.discounts.filter(
          (discount) =>
            !(
              sameKey(discount.provider, entry.provider) &&
              sameKey(discount.model, entry.model) &&
              sameKey(discount.effectiveFrom, entry.effectiveFrom)
            ),
        );
        savePrices(file, { ...prices, discounts: [...discounts, entry] });
        console.log(
          `discount of ${options.percent}% set for ${options.provider}${options.model ? `/${options.model}` : ""}`,
        );
      },
    );
}

function aliasCommand(): Command {
  return new Command("alias")
    .description("price a deployment or local model name as a known model (e.g. an Azure deployment)")
    .requiredOption("--provider <provider>", "provider id, e.g. azure-openai")
    .requiredOption("--from <name>", "the name on the wire, e.g. the Azure deployment name")
    .requiredOption("--to <model>", "the model it serves, e.g. gpt-4o")
    .addOption(dataDirOption())
    .action((options: DataDirOptions & { provider: string; from: string; to: string }) => {
      const { file, prices } = loadUserPrices(options);
      const aliases = prices.aliases.filter(
        (alias) => !(sameKey(alias.provider, options.provider) && sameKey(alias.from, options.from)),
      );
      savePrices(file, {
        ...prices,
        aliases: [...aliases, { provider: options.provider, from: options.from, to: options.to }],
      });
      console.log(`${options.provider}/${options.from} is now priced as ${options.to}`);
    });
}

function removeCommand(): Command {
  return new Command("remove")
    .description("remove a price (--model), a discount (--discount) or an alias (--alias)")
    .requiredOption("--provider <provider>", "provider id")
    .option("--model <model>", "remove your price for this model (or, with --discount, its discount)")
    .option("--effective-from <date>", "only the price with this effective date")
    .option("--discount", "remove a discount")
    .option("--alias <name>", "remove this alias")
    .addOption(dataDirOption())
    .action(
      (
        options: DataDirOptions & {
          provider: string;
          model?: string;
          effectiveFrom?: string;
          discount?: boolean;
          alias?: string;
        },
      ) => {
        const { file, prices } = loadUserPrices(options);
        const provider = parseUserPrices({ aliases: [{ provider: options.provider, from: "x", to: "x" }] });
        if (!provider.ok)
          throw new CliError(`--provider ${provider.error.replace(/^aliases\[0\]\.provider /, "")}`);
        const id = provider.prices.aliases[0]!.provider;
        let next: UserPrices;
        if (options.alias !== undefined)
          next = {
            ...prices,
            aliases: prices.aliases.filter(
              (alias) => !(alias.provider === id && sameKey(alias.from, options.alias)),
            ),
          };
        else if (options.discount)
          next = {
            ...prices,
            discounts: prices.discounts.filter(
              (discount) => !(discount.provider === id && sameKey(discount.model, options.model)),
            ),
          };
        else if (options.model !== undefined)
          next = {
            ...prices,
            models: prices.models.filter(
              (price) =>
                !(
                  price.provider === id &&
                  sameKey(price.model, options.model) &&
                  (options.effectiveFrom === undefined || sameKey(price.effectiveFrom, options.effectiveFrom))
                ),
            ),
          };
        else throw new CliError("say what to remove: --model <model>, --discount or --alias <name>");
        const removed =
          prices.models.length +
          prices.discounts.length +
          prices.aliases.length -
          (next.models.length + next.discounts.length + next.aliases.length);
        if (removed === 0) throw new CliError("nothing matched: see burnrate prices list", 1);
        savePrices(file, next);
        console.log(`removed ${removed} entr${removed === 1 ? "y" : "ies"}`);
      },
    );
}

export function pricesCommand(): Command {
  const prices = new Command("prices").description(
    "your prices and discounts, unpriced models in the ledger, quotes, and re-pricing",
  );
  for (const command of [
    listCommand(),
    setCommand(),
    discountCommand(),
    aliasCommand(),
    removeCommand(),
    checkCommand(),
    quoteCommand(),
    repriceCommand(),
  ])
    prices.addCommand(command);
  return prices;
}
