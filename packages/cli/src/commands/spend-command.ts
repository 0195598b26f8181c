import { nanosToUsd } from "@burnrate/core";
import { readSpendQuery } from "@burnrate/server";
import { Command } from "commander";
import { CliError, checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { printTable } from "../print-table.js";
import { addStorageOptions } from "../storage-options.js";

const BAR_WIDTH = 30;
const DURATION = /^(\d+)([hd])$/;

/** "30d", "12h", or a date: the start of the range. */
function parseSince(value: string, now: number): string {
  const relative = DURATION.exec(value);
  if (relative) return String(now - Number(relative[1]) * (relative[2] === "d" ? 86_400_000 : 3_600_000));
  return value;
}

function bar(value: number, max: number): string {
  const cells = max > 0 ? (value / max) * BAR_WIDTH : 0;
  const full = Math.floor(cells);
  return "█".repeat(full) + (cells - full >= 0.5 ? "▌" : "");
}

export function spendCommand(): Command {
  return addStorageOptions(new Command("spend"))
    .description("a project's spend over a range, grouped by day, model, feature, agent… with bars")
    .requiredOption("--project <project>", "the project")
    .option(
      "--by <fields>",
      "group by: day, hour, provider, model, featureId, agentId, userTier, environment (comma-separated)",
      "model",
    )
    .option("--since <when>", "start: 30d, 12h, a date or an ISO date-time", "30d")
    .option("--until <when>", "end (exclusive): a date or an ISO date-time (default: now)")
    .option("--tz <zone>", "IANA time zone for days, e.g. Europe/Paris (default UTC)")
    .option("--json", "print JSON")
    .action(
      async (
        options: DataDirOptions & {
          project: string;
          by: string;
          since: string;
          until?: string;
          tz?: string;
          json?: boolean;
        },
      ) => {
        const now = Date.now();
        const params: Record<string, string> = { groupBy: options.by, from: parseSince(options.since, now) };
        if (options.until) params.to = parseSince(options.until, now);
        if (options.tz) params.tz = options.tz;
        let query: ReturnType<typeof readSpendQuery>;
        try {
          query = readSpendQuery(params, checkProjectId(options.project), now);
        } catch (error) {
          const issue = (error as { issues?: { field: string; message: string }[] }).issues?.[0];
          const flag =
            { groupBy: "--by", from: "--since", to: "--until", tz: "--tz" }[issue?.field ?? ""] ?? "";
          throw new CliError(issue ? `${flag} ${issue.message}` : String(error));
        }
        await withStorage(options, async (storage) => {
          const rows = await storage.ledger.spendSummary(query);
          if (options.json) {
            console.log(
              JSON.stringify({ rows: rows.map((row) => ({ ...row, costUsd: nanosToUsd(row.costNanos) })) }),
            );
            return;
          }
          const fields = query.groupBy.map((field) => (field === "hour" ? "hour" : field));
          const max = Math.max(0, ...rows.map((row) => row.costNanos));
          printTable(
            [...fields.map((field) => field.toUpperCase()), "COST", "EVENTS", ""],
            rows.map((row) => [
              ...fields.map((field) => {
                const value = row[field as keyof typeof row];
                return field === "hour"
                  ? new Date(value as number).toISOString().slice(0, 13)
                  : String(value ?? "(none)");
              }),
              `$${nanosToUsd(row.costNanos).toFixed(4)}`,
              String(row.events) + (row.unpricedEvents > 0 ? ` (${row.unpricedEvents} unpriced)` : ""),
              bar(row.costNanos, max),
            ]),
          );
          const total = rows.reduce((sum, row) => sum + row.costNanos, 0);
          console.log(
            `\ntotal $${nanosToUsd(total).toFixed(4)} from ${new Date(query.from).toISOString()} to ${new Date(query.to).toISOString()}`,
          );
        });
      },
    );
}
