import { type BudgetWindow, budgetPolicySchema } from "@burnrate/core";
import { createBudgetGuard, presentBudget } from "@burnrate/server";
import type { Storage } from "@burnrate/storage";
import { Command } from "commander";
import { CliError, checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { printTable } from "../print-table.js";
import { addStorageOptions } from "../storage-options.js";
import { addScopeOptions, describeScope, scopeFromOptions } from "./budget-scope-options.js";

type ProjectOptions = DataDirOptions & { project: string; json?: boolean };

/** `daily`, `monthly`, `lifetime`, or `rolling:<N>h` / `rolling:<N>d`. */
function parseWindow(text: string, timeZone: string | undefined): BudgetWindow {
  if (text === "daily" || text === "monthly") return { kind: text, timeZone: timeZone ?? "UTC" };
  if (text === "lifetime") return { kind: "lifetime" };
  const rolling = /^rolling:(\d+)([hd])$/.exec(text);
  if (rolling) return { kind: "rolling", hours: Number(rolling[1]) * (rolling[2] === "d" ? 24 : 1) };
  throw new CliError(`invalid --window "${text}": use daily, monthly, lifetime, rolling:24h or rolling:7d`);
}

const money = (usd: number) => `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
const windowText = (window: BudgetWindow) =>
  window.kind === "rolling"
    ? `rolling ${window.hours}h`
    : window.kind === "lifetime"
      ? "lifetime"
      : `${window.kind} (${window.timeZone})`;

/** Each budget with where its window stands, from the ledger (calls in flight at a server are not seen here). */
async function standing(storage: Storage, secret: string, projectId: string) {
  const service = createBudgetGuard({ storage, secret });
  await service.start();
  try {
    const records = await storage.budgets.list(projectId);
    return (await service.guard.usage(projectId, records)).map(({ record, usage, counters }) =>
      presentBudget(record, { usage, counters }),
    );
  } finally {
    await service.close();
  }
}

export function budgetsCommand(): Command {
  const budgets = new Command("budgets").description(
    "manage budgets: limits in USD (and requests or tokens) per scope and window, with block, warn or log",
  );
  const withProject = (command: Command) =>
    addStorageOptions(
      command.requiredOption("--project <project>", "the budget's project").option("--json", "print JSON"),
    );

  withProject(
    budgets.command("list").description("list budgets and where each stands in its current window"),
  ).action(async (options: ProjectOptions) => {
    const projectId = checkProjectId(options.project);
    await withStorage(options, async (storage, { secret }) => {
      const shown = await standing(storage, secret, projectId);
      if (options.json) return console.log(JSON.stringify(shown, null, 2));
      if (shown.length === 0)
        return console.log(`no budgets in project ${projectId}: add one with "burnrate budgets create"`);
      printTable(
        ["id", "scope", "window", "action", "limit", "spent", "remaining", "state", "resets"],
        shown.map((budget) => [
          budget.id,
          describeScope(budget.scope),
          windowText(budget.window),
          budget.action,
          money(budget.limitUsd),
          "status" in budget ? money(budget.status.spentUsd) : "",
          "status" in budget ? money(budget.status.remainingUsd) : "",
          "status" in budget ? budget.status.state : "",
          "status" in budget ? (budget.status.resetsAt ?? "-") : "",
        ]),
      );
    });
  });

  addScopeOptions(
    withProject(
      budgets
        .command("create")
        .description("create or replace a budget (scope flags combine: all must match)"),
    ),
  )
    .requiredOption("--limit-usd <usd>", "the limit in USD per window", Number)
    .requiredOption("--window <window>", "daily, monthly, lifetime, rolling:24h or rolling:7d")
    .option("--time-zone <zone>", "IANA zone of a daily or monthly window (default UTC)")
    .option("--action <action>", "block, warn or log", "block")
    .option("--limit-requests <n>", "also limit the calls per window", Number)
    .option("--limit-tokens <n>", "also limit the tokens per window", Number)
    .option("--thresholds <list>", "alert at these fractions of the limit (default 0.5,0.8,1)")
    .option("--name <name>", "a display name")
    .option("--id <id>", "the budget's id (default: generated); an existing id is replaced")
    .action(async (options: ProjectOptions & Record<string, unknown>) => {
      const projectId = checkProjectId(options.project);
      const parsed = budgetPolicySchema.safeParse({
        scope: scopeFromOptions(options),
        window: parseWindow(String(options.window), options.timeZone as string | undefined),
        limitUsd: options.limitUsd,
        action: options.action,
        ...(options.limitRequests === undefined ? {} : { limitRequests: options.limitRequests }),
        ...(options.limitTokens === undefined ? {} : { limitTokens: options.limitTokens }),
        ...(options.thresholds === undefined
          ? {}
          : { alertThresholds: String(options.thresholds).split(",").map(Number) }),
        ...(options.name === undefined ? {} : { name: options.name }),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliError(`invalid budget: ${issue.path.join(".") || "budget"} ${issue.message}`);
      }
      const id =
        (options.id as string | undefined) ?? `bud_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
      if (!/^[A-Za-z0-9._:-]{1,64}$/.test(id))
        throw new CliError(`invalid --id "${id}": use 1-64 letters, digits or . _ : -`);
      await withStorage(
        options,
        async (storage) => {
          const now = Date.now();
          const existing = await storage.budgets.get(projectId, id);
          const record = {
            id,
            projectId,
            policy: parsed.data,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
          };
          await storage.budgets.put(record);
          if (options.json) return console.log(JSON.stringify(presentBudget(record)));
          console.log(
            `${existing ? "replaced" : "created"} budget ${id}: ${money(parsed.data.limitUsd)} ${windowText(parsed.data.window)}, ${parsed.data.action}, ${describeScope(parsed.data.scope)}`,
          );
        },
        { create: true },
      );
    });

  withProject(
    budgets.command("delete").description("delete a budget").argument("<id>", "the budget's id"),
  ).action(async (id: string, options: ProjectOptions) => {
    const projectId = checkProjectId(options.project);
    await withStorage(options, async (storage) => {
      if (!(await storage.budgets.delete(projectId, id)))
        throw new CliError(`no budget "${id}" in project ${projectId}`, 1);
      console.log(`deleted budget ${id}`);
    });
  });

  return budgets;
}
