import { z } from "zod";
import { usdToNanos } from "../money.js";
import { isTimeZone } from "./zoned-time.js";

/**
 * A budget: what it covers (scope), when it resets (window), how much (limit), what happens at
 * the wall (action) and before it (alert thresholds). Issue 7; the seed's PUT /v1/budget shape
 * maps onto two of these (seedBudgetPolicies).
 */
export const BUDGET_ACTIONS = ["block", "warn", "log"] as const;
export type BudgetAction = (typeof BUDGET_ACTIONS)[number];

/** The fields a budget can be scoped by; all given ones must match (an empty scope is the whole project). */
export const BUDGET_SCOPE_FIELDS = [
  "environment",
  "agentId",
  "featureId",
  "userTier",
  "customerId",
  "apiKeyId",
  "wrappedKeyId",
  "provider",
  "model",
] as const;
export type BudgetScope = Partial<Record<(typeof BUDGET_SCOPE_FIELDS)[number], string>>;

const scopeValue = z.string().trim().min(1, "must not be empty").max(256);
const timeZone = z
  .string()
  .refine(isTimeZone, "must be an IANA time zone such as Europe/Paris")
  .default("UTC");

export const budgetWindowSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("daily"), timeZone }),
    z.strictObject({ kind: z.literal("monthly"), timeZone }),
    z.strictObject({
      kind: z.literal("rolling"),
      hours: z
        .number()
        .int("must be whole hours")
        .min(1)
        .max(24 * 92, "must be at most 2,208 hours (92 days): use a monthly window beyond that"),
    }),
    z.strictObject({ kind: z.literal("lifetime") }),
  ],
  { error: "must have kind daily, monthly, rolling or lifetime" },
);

export const budgetPolicySchema = z.strictObject({
  name: z.string().trim().min(1).max(128).optional(),
  scope: z
    .strictObject(Object.fromEntries(BUDGET_SCOPE_FIELDS.map((field) => [field, scopeValue.optional()])))
    .default({}),
  window: budgetWindowSchema,
  limitUsd: z.number().positive("must be above 0").max(1e9),
  limitRequests: z.number().int().positive().optional(),
  limitTokens: z.number().int().positive().optional(),
  action: z.enum(BUDGET_ACTIONS, { error: "must be block, warn or log" }),
  /** Fractions of the limit at which an alert fires once per window. */
  alertThresholds: z
    .array(z.number().gt(0).max(10))
    .max(10)
    .default([0.5, 0.8, 1])
    .transform((values) => [...new Set(values)].sort((a, b) => a - b)),
});
export type BudgetPolicy = z.output<typeof budgetPolicySchema>;

/** Whether a call with these attributes is covered by a budget's scope. */
export function matchesScope(
  scope: BudgetScope,
  call: Partial<Record<keyof BudgetScope, string | undefined>>,
): boolean {
  for (const field of BUDGET_SCOPE_FIELDS) {
    const wanted = scope[field];
    if (wanted !== undefined && call[field] !== wanted) return false;
  }
  return true;
}

/** The seed's budget (`PUT /v1/budget`): a daily and a monthly limit for the whole project, in UTC unless a zone is given. */
export interface SeedBudget {
  dailyLimitUsd?: number;
  monthlyLimitUsd?: number;
  action: BudgetAction;
  timeZone?: string;
}

export function seedBudgetPolicies(seed: SeedBudget): BudgetPolicy[] {
  const zone = seed.timeZone ?? "UTC";
  const policies: BudgetPolicy[] = [];
  const base = { scope: {}, action: seed.action, alertThresholds: [0.5, 0.8, 1] };
  if (seed.dailyLimitUsd !== undefined)
    policies.push({
      ...base,
      name: "daily",
      window: { kind: "daily", timeZone: zone },
      limitUsd: seed.dailyLimitUsd,
    });
  if (seed.monthlyLimitUsd !== undefined)
    policies.push({
      ...base,
      name: "monthly",
      window: { kind: "monthly", timeZone: zone },
      limitUsd: seed.monthlyLimitUsd,
    });
  return policies;
}

export type BudgetState = "ok" | "warning" | "exceeded";

/**
 * Where spend stands against a limit, in exact nano-dollars: the thresholds reached, and the
 * state the seed's status names. Reservations (calls in flight) count as spent.
 */
export function budgetStanding(
  policy: Pick<BudgetPolicy, "limitUsd" | "alertThresholds">,
  spentNanos: number,
  reservedNanos = 0,
) {
  const used = spentNanos + reservedNanos;
  const limit = usdToNanos(policy.limitUsd);
  const reached = policy.alertThresholds.filter((threshold) => used >= Math.round(threshold * limit));
  const state: BudgetState = used >= limit ? "exceeded" : reached.length > 0 ? "warning" : "ok";
  return { state, reached, remainingNanos: Math.max(0, limit - used) };
}
