import { presentKill } from "@burnrate/server";
import { Command } from "commander";
import { CliError, checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { printTable } from "../print-table.js";
import { addStorageOptions } from "../storage-options.js";
import { addScopeOptions, describeScope, scopeFromOptions } from "./budget-scope-options.js";

type ProjectOptions = DataDirOptions & { project: string; json?: boolean };
const withProject = (command: Command) =>
  addStorageOptions(
    command.requiredOption("--project <project>", "the project").option("--json", "print JSON"),
  );

/** `burnrate kill --agent X`: stops every call in a scope at every server within a second. */
export function killCommand(): Command {
  return addScopeOptions(
    withProject(
      new Command("kill").description(
        "stop every call in a scope (running servers refuse them within a second); lift it with burnrate unkill",
      ),
    ),
  )
    .option("--reason <text>", "why (shown to refused callers and kept in the history)")
    .option("--whole-project", "stop every call of the project (required when no scope flag is given)")
    .action(async (options: ProjectOptions & Record<string, unknown>) => {
      const projectId = checkProjectId(options.project);
      const scope = scopeFromOptions(options);
      if (Object.keys(scope).length === 0 && !options.wholeProject)
        throw new CliError("name what to stop (--agent, --feature, --customer, ...) or pass --whole-project");
      await withStorage(
        options,
        async (storage) => {
          const kill = {
            id: `kill_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`,
            projectId,
            scope,
            ...(typeof options.reason === "string" ? { reason: options.reason } : {}),
            createdAt: Date.now(),
            createdBy: `cli:${process.env.USER ?? "unknown"}`,
          };
          await storage.kills.create(kill);
          if (options.json) return console.log(JSON.stringify(presentKill(kill)));
          console.log(
            `kill switch ${kill.id} set: ${describeScope(scope)} is stopped (lift it: burnrate unkill ${kill.id} --project ${projectId})`,
          );
        },
        { create: true },
      );
    });
}

export function unkillCommand(): Command {
  return withProject(
    new Command("unkill")
      .description("lift a kill switch (the lift is recorded)")
      .argument("<id>", "the kill switch's id"),
  )
    .option("--reason <text>", "why it is lifted")
    .action(async (id: string, options: ProjectOptions & { reason?: string }) => {
      const projectId = checkProjectId(options.project);
      await withStorage(options, async (storage) => {
        const lifted = await storage.kills.lift(projectId, id, {
          at: Date.now(),
          by: `cli:${process.env.USER ?? "unknown"}`,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        });
        if (lifted === undefined)
          throw new CliError(`no active kill switch "${id}" in project ${projectId}`, 1);
        if (options.json) return console.log(JSON.stringify(presentKill(lifted)));
        console.log(`kill switch ${id} lifted: ${describeScope(lifted.scope)} may run again`);
      });
    });
}

export function killsCommand(): Command {
  return withProject(new Command("kills").description("list kill switches"))
    .option("--all", "include lifted ones")
    .action(async (options: ProjectOptions & { all?: boolean }) => {
      const projectId = checkProjectId(options.project);
      await withStorage(options, async (storage) => {
        const kills = (await storage.kills.list(projectId, { includeLifted: options.all === true })).map(
          presentKill,
        );
        if (options.json) return console.log(JSON.stringify(kills, null, 2));
        if (kills.length === 0)
          return console.log(`no ${options.all ? "" : "active "}kill switches in project ${projectId}`);
        printTable(
          ["id", "scope", "state", "reason", "set", "lifted"],
          kills.map((kill) => [
            kill.id,
            describeScope(kill.scope),
            kill.state,
            kill.reason ?? "",
            kill.createdAt ?? "",
            kill.liftedAt ?? "",
          ]),
        );
      });
    });
}
