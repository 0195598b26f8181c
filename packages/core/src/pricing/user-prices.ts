import { z } from "zod";
import { normalizeProviderId } from "../providers/provider-ids.js";

/**
 * The user's own prices (`prices.json`, `burnrate prices set`): negotiated rates, provider-wide
 * discounts, fine-tuned and self-hosted models, and aliases such as Azure deployment names.
 * Rates are US dollars per million tokens, written as decimal strings or numbers.
 */
const rate = z.union(
  [
    z.number().finite().min(0, "must not be negative"),
    z.string().regex(/^\d+(?:\.\d+)?$/, "must be a decimal number such as 2.50"),
  ],
  { error: "must be a decimal number (dollars per million tokens)" },
);
const provider = z.string({ error: "must be a string" }).transform((value, context) => {
  const id = normalizeProviderId(value);
  if (id === undefined) context.addIssue({ code: "custom", message: "must be a provider id such as openai" });
  return id ?? value;
});
const modelName = z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(256);
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a time zone",
});
const note = z.string().max(500).optional();

const userModelPriceSchema = z.strictObject({
  provider,
  model: modelName,
  effectiveFrom: instant.optional(),
  input: rate,
  output: rate,
  cacheRead: rate.optional(),
  cacheWrite5m: rate.optional(),
  cacheWrite1h: rate.optional(),
  /** A fixed fee per request, in dollars. */
  perRequest: rate.optional(),
  note,
});
const userDiscountSchema = z.strictObject({
  provider,
  /** Only this model; all of the provider's models when absent. */
  model: modelName.optional(),
  percent: z.number().gt(0, "must be above 0").max(100, "must be at most 100"),
  effectiveFrom: instant.optional(),
  note,
});
const modelAliasSchema = z.strictObject({
  provider,
  /** The name on the wire, e.g. an Azure deployment name. */
  from: modelName,
  /** The model it serves, as the price book names it. */
  to: modelName,
  note,
});

export const userPricesSchema = z.strictObject({
  version: z.literal(1, { error: "must be 1" }).default(1),
  models: z.array(userModelPriceSchema).default([]),
  discounts: z.array(userDiscountSchema).default([]),
  aliases: z.array(modelAliasSchema).default([]),
});

export type UserPrices = z.output<typeof userPricesSchema>;
export type UserModelPrice = UserPrices["models"][number];
export type UserDiscount = UserPrices["discounts"][number];
export type ModelAlias = UserPrices["aliases"][number];

export const EMPTY_USER_PRICES: UserPrices = { version: 1, models: [], discounts: [], aliases: [] };

export type UserPricesResult = { ok: true; prices: UserPrices } | { ok: false; error: string };

/** Validates a parsed prices file; the error names the first bad field by its path (`models[2].input`). */
export function parseUserPrices(value: unknown): UserPricesResult {
  const result = userPricesSchema.safeParse(value);
  if (result.success) return { ok: true, prices: result.data };
  const issue = result.error.issues[0]!;
  const path = issue.path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
  return { ok: false, error: `${path || "(root)"} ${issue.message}` };
}

/** When an effective date starts: a date alone is UTC midnight. */
export function effectiveFromMs(value: string | undefined): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  return Date.parse(value);
}
