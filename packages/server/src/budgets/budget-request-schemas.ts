import { BUDGET_ACTIONS, BUDGET_SCOPE_FIELDS, budgetPolicySchema, isTimeZone } from "@burnrate/core";
import { z } from "zod";

const label = z.string().trim().min(1, "must not be empty").max(256, "must be at most 256 characters");
const tokens = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative");
const usd = z.number({ error: "must be a number" }).finite().min(0, "must not be negative").max(1e6);

/** The attributes a call is scoped by (the key it comes with is added by the server). */
export const callAttributesSchema = {
  environment: label.optional(),
  agentId: label.optional(),
  featureId: label.optional(),
  userTier: label.optional(),
  customerId: label.optional(),
  provider: label.optional(),
  model: label.optional(),
};

/** `POST /v1/budget/authorize`: the call about to run and how much it may cost at worst. */
export const authorizeRequestSchema = z.strictObject({
  ...callAttributesSchema,
  inputTokens: tokens.optional(),
  promptTokens: tokens.optional(),
  /** The call's max_tokens (or max_output_tokens): the most it can generate. */
  maxOutputTokens: tokens.optional(),
  /** A worst case the caller computed itself; it wins over the estimate from tokens. */
  worstCaseUsd: usd.optional(),
  estimatedCostUsd: usd.optional(),
  ttlSeconds: z.number().int().min(1).max(3600, "must be at most 3600 (an hour)").optional(),
});

/** `POST /v1/budget/settle`: the real cost of a reserved call (or nothing, if it never ran). */
export const settleRequestSchema = z.strictObject({
  reservationId: z.string().trim().min(1).max(128),
  costUsd: usd.optional(),
  provider: label.optional(),
  model: label.optional(),
  inputTokens: tokens.optional(),
  outputTokens: tokens.optional(),
});

/** `PUT /v1/budget`, the seed's shape: a project-wide daily and monthly limit; an absent or null limit is removed. */
export const seedBudgetRequestSchema = z.strictObject({
  dailyLimitUsd: z.number().positive("must be above 0").max(1e9).nullable().optional(),
  monthlyLimitUsd: z.number().positive("must be above 0").max(1e9).nullable().optional(),
  action: z.enum(BUDGET_ACTIONS, { error: "must be block, warn or log" }),
  timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Paris").optional(),
});

const budgetId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "must be 1-64 letters, digits or . _ : -");

/** `POST /v1/budgets` and `PUT /v1/budgets/:id`: a full policy (and, on create, an optional id). */
export const budgetRequestSchema = budgetPolicySchema.extend({ id: budgetId.optional() });

export const killRequestSchema = z.strictObject({
  scope: z
    .strictObject(Object.fromEntries(BUDGET_SCOPE_FIELDS.map((field) => [field, label.optional()])))
    .default({}),
  reason: z.string().trim().max(500).optional(),
});

export const liftRequestSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });

export const webhookRequestSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048),
  format: z.enum(["json", "slack"], { error: 'must be "json" or "slack"' }).default("json"),
});
