import { nanosToUsd, normalizeEvent, SERVICE_TIERS } from "@burnrate/core";
import { repriceLedger } from "@burnrate/server";
import { Command, Option } from "commander";
import { CliError, checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { parseTime } from "../parse-time.js";
import { printTable } from "../print-table.js";
import { progressBar } from "../progress-bar.js";
import { addStorageOptions, dataDirOption } from "../storage-options.js";
import { pricerFor, usd } from "./user-prices-file.js";

export function checkCommand(): Command {
  return addStorageOptions(new Command("check"))
    .description(
      "list models in the ledger that were priced by fallback economics or not at all (exit 1 if any)",
    )
    .option("--project <project>", "only this project")
    .option("--since <date>", "only events at or after this date")
    .option("--json", "print JSON")
    .action(async (options: DataDirOptions & { project?: string; since?: string; json?: boolean }) => {
      const since = options.since === undefined ? undefined : parseTime(options.since, "--since");
      const price = pricerFor(options);
      await withStorage(options, async (storage) => {
        const projects = options.project
          ? [checkProjectId(options.project)]
          : await storage.ledger.ledgerProjects();
        const rows = [];
        for (const projectId of projects) {
          for (const gap of await storage.ledger.pricingGaps(projectId, since)) {
            const now = price({
              provider: gap.provider,
              model: gap.model,
              timestamp: Date.now(),
              inputTokens: 1,
              outputTokens: 1,
            });
            rows.push({
              projectId,
              ...gap,
              costUsd: nanosToUsd(gap.costNanos),
              nowPricedAs: now.costSource,
              nowPriceId: now.priceId,
            });
          }
        }
        if (options.json) console.log(JSON.stringify({ gaps: rows }));
        else if (rows.length === 0) console.log("every priced model in the ledger has an exact price");
        else {
          printTable(
            ["PROJECT", "PROVIDER", "MODEL", "PRICED AS", "EVENTS", "COST", "LAST SEEN", "MATCHED", "NOW"],
            rows.map((row) => [
              row.projectId,
              row.provider,
              row.model ?? "(none)",
              row.costSource,
              String(row.events),
              row.costSource === "UNPRICED" ? "unknown" : `≤ ${usd(row.costNanos)}`,
              new Date(row.lastSeen).toISOString().slice(0, 10),
              row.priceId ?? "",
              row.nowPricedAs === row.costSource ? "unchanged" : row.nowPricedAs,
            ]),
          );
          console.log(
            '\nadd a price with "burnrate prices set" (or an alias with "burnrate prices alias"), then "burnrate prices reprice --since <date>"',
          );
        }
        if (rows.length > 0) process.exitCode = 1;
      });
    });
}

const TOKEN_FLAGS = [
  ["--input-tokens <n>", "inputTokens", "prompt tokens, cached ones included"],
  ["--output-tokens <n>", "outputTokens", "output tokens, reasoning included"],
  ["--cache-read-tokens <n>", "cacheReadTokens", "cache reads (part of input)"],
  ["--cache-write-tokens <n>", "cacheWriteTokens", "cache writes (part of input)"],
  ["--cache-write-1h-tokens <n>", "cacheWrite1hTokens", "1-hour cache writes (part of cache writes)"],
  ["--web-searches <n>", "webSearchRequests", "server-side web searches"],
] as const;

export function quoteCommand(): Command {
  const command = new Command("quote")
    .description("price a call: what this usage costs, and which price it is computed from")
    .requiredOption("--provider <provider>", "provider id")
    .requiredOption("--model <model>", "model id as on the wire")
    .addOption(new Option("--service-tier <tier>", "service tier").choices([...SERVICE_TIERS]))
    .option("--at <time>", "price in force at this time (default: now)")
    .option("--json", "print JSON")
    .addOption(dataDirOption());
  for (const [flag, , help] of TOKEN_FLAGS) command.option(flag, help);
  return command.action((options: DataDirOptions & Record<string, string | undefined>) => {
    const body: Record<string, unknown> = { provider: options.provider, model: options.model };
    for (const [flag, field] of TOKEN_FLAGS) {
      const value = options[field === "webSearchRequests" ? "webSearches" : field];
      if (value === undefined) continue;
      if (!/^\d+$/.test(value))
        throw new CliError(`${flag.split(" ")[0]} must be a whole number, got "${value}"`);
      body[field] = Number(value);
    }
    if (options.serviceTier) body.serviceTier = options.serviceTier;
    const now = Date.now();
    const at = options.at === undefined ? now : parseTime(options.at, "--at");
    const normalized = normalizeEvent(
      { ...body, timestamp: at },
      { projectId: "quote", defaultSource: "ingest", now: Math.max(now, at), newEventId: () => "quote" },
    );
    if (!normalized.ok)
      throw new CliError(
        `--${normalized.issues[0]!.field.replace(/[A-Z]/g, (l) => `-${l.toLowerCase()}`)} ${normalized.issues[0]!.message}`,
      );
    const price = pricerFor(options)(normalized.event);
    if (options.json)
      console.log(
        JSON.stringify({
          ...price,
          costUsd: price.costNanos === undefined ? null : nanosToUsd(price.costNanos),
        }),
      );
    else {
      console.log(
        `${price.costNanos === undefined ? "unpriced" : usd(price.costNanos)}  ${price.costSource}`,
      );
      if (price.priceId) console.log(`price: ${price.priceId}`);
      console.log(`price book: ${price.priceBookVersion}`);
    }
    if (price.costNanos === undefined) process.exitCode = 1;
  });
}

export function repriceCommand(): Command {
  return addStorageOptions(new Command("reprice"))
    .description(
      "re-price engine-priced events since a date with today's prices, appending compensating entries (never edits)",
    )
    .requiredOption("--since <date>", "re-price events at or after this date")
    .option("--project <project>", "only this project")
    .option("--dry-run", "report what would change, append nothing")
    .option("--json", "print JSON")
    .action(
      async (
        options: DataDirOptions & { since: string; project?: string; dryRun?: boolean; json?: boolean },
      ) => {
        const since = parseTime(options.since, "--since");
        const priceEvent = pricerFor(options);
        await withStorage(options, async (storage) => {
          const projects = options.project
            ? [checkProjectId(options.project)]
            : await storage.ledger.ledgerProjects();
          const reports = [];
          for (const projectId of projects) {
            const total = (await storage.ledger.chainHeads(projectId))[0]?.seq ?? 0;
            const bar = progressBar(`re-pricing ${projectId}`);
            reports.push(
              await repriceLedger(storage.ledger, {
                projectId,
                since,
                priceEvent,
                dryRun: options.dryRun === true,
                onProgress: (scanned) => bar.update(scanned, Math.max(total, scanned)),
              }),
            );
            bar.finish();
          }
          if (options.json)
            console.log(JSON.stringify({ dryRun: options.dryRun === true, projects: reports }));
          else
            for (const report of reports) {
              const verb = options.dryRun ? "would be adjusted" : "adjusted";
              const sign = report.deltaNanos < 0 ? "-" : "+";
              console.log(
                `${report.projectId}: ${report.scanned} entries scanned, ${report.adjusted} ${verb}, total change ${sign}${usd(Math.abs(report.deltaNanos))}`,
              );
            }
        });
      },
    );
}
