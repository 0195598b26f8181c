/**
 * @burnrate/cli — the `burnrate` command: serve, keys, agents, ledger, prices, spend, db.
 */
import { Command, CommanderError } from "commander";
import { CliError } from "./cli-error.js";
import { agentsCommand } from "./commands/agents-command.js";
import { budgetsCommand } from "./commands/budgets-command.js";
import { dbCommand } from "./commands/db-command.js";
import { keysCommand } from "./commands/keys-command.js";
import { killCommand, killsCommand, unkillCommand } from "./commands/kill-command.js";
import { ledgerCommand } from "./commands/ledger-command.js";
import { pricesCommand } from "./commands/prices-command.js";
import { serveCommand } from "./commands/serve-command.js";
import { spendCommand } from "./commands/spend-command.js";

export function buildProgram(): Command {
  const program = new Command("burnrate")
    .description("burnrate: self-hosted AI spend ledger and guardrail engine")
    .version("0.1.0")
    .showSuggestionAfterError()
    .exitOverride();
  for (const command of [
    serveCommand(),
    keysCommand(),
    agentsCommand(),
    ledgerCommand(),
    pricesCommand(),
    spendCommand(),
    dbCommand(),
    budgetsCommand(),
    killCommand(),
    unkillCommand(),
    killsCommand(),
  ])
    program.addCommand(command);
  const applyExitOverride = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(applyExitOverride);
  };
  applyExitOverride(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 ran but failed (e.g. a tampered ledger), 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help / version text).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      console.error(`burnrate: ${error.message}`);
      return error.exitCode;
    }
    console.error(`burnrate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
