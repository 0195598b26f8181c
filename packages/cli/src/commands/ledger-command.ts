import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { csvHeader, csvRow, presentEntry } from "@burnrate/core";
import { LEDGER_FILTER_FIELDS, type LedgerQuery, verifyLedger } from "@burnrate/storage";
import { Command, Option } from "commander";
import { checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { parseTime } from "../parse-time.js";
import { progressBar } from "../progress-bar.js";
import { addStorageOptions } from "../storage-options.js";

const FILTERS = LEDGER_FILTER_FIELDS;
const flagOf = (filter: string) => `--${filter.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

export function ledgerCommand(): Command {
  const ledger = new Command("ledger").description("check and export the append-only ledger");

  ledger
    .command("verify")
    .description(
      "walk every hash chain and name any entry that was edited, deleted, inserted or reordered (exit 1 if so)",
    )
    .option("--project <project>", "only this project")
    .option("--json", "print the report as JSON")
    .action(async (options: DataDirOptions & { project?: string; json?: boolean }) => {
      await withStorage(options, async (storage, { secret }) => {
        const bar = progressBar("verifying");
        const report = await verifyLedger(storage.ledger, {
          sealKey: secret,
          onProgress: bar.update,
          ...(options.project === undefined ? {} : { projectId: options.project }),
        });
        bar.finish();
        if (options.json) console.log(JSON.stringify(report));
        else {
          for (const problem of report.problems) {
            console.log(
              `project ${problem.projectId}, entry ${problem.seq}: ${problem.kind}: ${problem.message}`,
            );
          }
          const entries = report.projects.reduce((sum, project) => sum + project.entries, 0);
          console.log(
            report.ok
              ? `ledger OK: ${entries} entries in ${report.projects.length} project(s), every chain intact`
              : `ledger TAMPERED: ${report.problems.length} problem(s) in ${entries} entries`,
          );
        }
        if (!report.ok) process.exitCode = 1;
      });
    });

  const exportCommand = ledger
    .command("export")
    .description("write a project's ledger as CSV or JSON lines (to stdout or --out)")
    .requiredOption("--project <project>", "the project to export")
    .addOption(new Option("--format <format>", "output format").choices(["csv", "jsonl"]).default("csv"))
    .option("--out <file>", "write to this file instead of stdout")
    .option("--from <time>", "events at or after this time (ISO 8601 or epoch ms)")
    .option("--to <time>", "events before this time");
  for (const filter of FILTERS)
    exportCommand.option(`${flagOf(filter)} <value>`, `only events with this ${filter}`);
  exportCommand.action(
    async (
      options: DataDirOptions &
        Record<string, string | undefined> & { project: string; format: "csv" | "jsonl"; out?: string },
    ) => {
      const query: LedgerQuery = { projectId: checkProjectId(options.project), order: "asc", limit: 1000 };
      if (options.from) query.from = parseTime(options.from, "--from");
      if (options.to) query.to = parseTime(options.to, "--to");
      for (const filter of FILTERS) {
        const value = options[filter];
        if (value !== undefined) (query as unknown as Record<string, string>)[filter] = value;
      }
      await withStorage(options, async (storage) => {
        const out = options.out === undefined ? process.stdout : createWriteStream(options.out);
        const write = async (text: string) => {
          if (!out.write(text)) await once(out, "drain");
        };
        if (options.format === "csv") await write(csvHeader());
        let written = 0;
        for (;;) {
          const page = await storage.ledger.query(query);
          for (const entry of page.entries) {
            await write(
              options.format === "csv"
                ? csvRow(presentEntry(entry))
                : `${JSON.stringify(presentEntry(entry))}\n`,
            );
          }
          written += page.entries.length;
          if (page.nextSeq === null) break;
          query.afterSeq = page.nextSeq;
        }
        if (out !== process.stdout) {
          out.end();
          await once(out, "finish");
          console.error(`exported ${written} entries to ${options.out}`);
        }
      });
    },
  );

  for (const command of ledger.commands) addStorageOptions(command);
  return ledger;
}
