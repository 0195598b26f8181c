import type { BudgetScope } from "@burnrate/core";
import type { Command } from "commander";

/** Scope flag → scope field: the same flags on `budgets create` and `kill`. */
const SCOPE_FLAGS = [
  ["--env <environment>", "environment", "calls of this environment"],
  ["--agent <agentId>", "agentId", "calls of this agent"],
  ["--feature <featureId>", "featureId", "calls of this feature"],
  ["--tier <userTier>", "userTier", "calls of this user tier"],
  ["--customer <customerId>", "customerId", "calls for this customer"],
  ["--key <apiKeyId>", "apiKeyId", "calls that come with this API key id"],
  ["--provider <provider>", "provider", "calls to this provider"],
  ["--model <model>", "model", "calls to this model"],
] as const;

export function addScopeOptions(command: Command): Command {
  for (const [flags, , description] of SCOPE_FLAGS) command.option(flags, description);
  return command;
}

/** The scope the flags name; every flag given must match (none: the whole project). */
export function scopeFromOptions(options: Record<string, unknown>): BudgetScope {
  const scope: BudgetScope = {};
  for (const [flags, field] of SCOPE_FLAGS) {
    const name = flags.slice(2, flags.indexOf(" "));
    const value = options[name];
    if (typeof value === "string") scope[field] = value;
  }
  return scope;
}

export const describeScope = (scope: BudgetScope) =>
  Object.keys(scope).length === 0
    ? "whole project"
    : Object.entries(scope)
        .map(([field, value]) => `${field}=${value}`)
        .join(" ");
