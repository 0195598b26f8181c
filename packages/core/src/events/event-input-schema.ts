import { z } from "zod";
import { COST_SOURCES, EVENT_SOURCES, SERVICE_TIERS } from "./ledger-event.js";

/** Largest metadata object accepted, as serialized JSON. */
export const MAX_METADATA_BYTES = 8192;
const MAX_METADATA_DEPTH = 6;
const MAX_TOKENS = 1e12;

const tokenCount = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(MAX_TOKENS, "is implausibly large");
// At most $1M per event keeps nano-dollar amounts well inside a double's exact integers.
const usd = z
  .number({ error: "must be a number" })
  .finite()
  .min(0, "must not be negative")
  .max(1e6, "is implausibly large (over $1,000,000 for one event)");
const label = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(256, "must be at most 256 characters");
const eventId = z
  .string({ error: "must be a string" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "must be 1-128 letters, digits or . _ : - (a UUID is best)");
const timestamp = z.union(
  [
    z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone" }),
    z.number().int().positive(),
  ],
  {
    error: "must be an ISO 8601 date-time string or epoch milliseconds",
  },
);
const slug = z
  .string({ error: "must be a string" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be a lowercase slug (letters, digits, . _ -)");

function depthOf(value: unknown, depth = 0): number {
  if (value === null || typeof value !== "object") return depth;
  let deepest = depth + 1;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, depth + 1));
  return deepest;
}

const utf8 = new TextEncoder();

/** Bounded free-form JSON: events and agents carry labels here, never prompt or completion text. */
export const metadataSchema = z
  .record(z.string(), z.unknown(), { error: "must be a JSON object" })
  .refine(
    (value) => utf8.encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES,
    `must serialize to at most ${MAX_METADATA_BYTES} bytes of UTF-8 JSON`,
  )
  .refine(
    (value) => depthOf(value) <= MAX_METADATA_DEPTH,
    `must nest at most ${MAX_METADATA_DEPTH} levels deep`,
  );

/**
 * One event as clients send it. Accepts both naming families of the products burnrate
 * implements: inputTokens/outputTokens/costUsd (AgentBurn) and
 * promptTokens/completionTokens/estimatedCostUsd/id (AtlasBurn). normalizeEvent resolves them.
 */
export const eventInputSchema = z.object({
  eventId: eventId.optional(),
  id: eventId.optional(),
  timestamp: timestamp.optional(),
  projectId: z.string().optional(),
  environment: slug.optional(),
  source: z.enum(EVENT_SOURCES, { error: `must be one of ${EVENT_SOURCES.join(", ")}` }).optional(),
  provider: z.string({ error: "is required and must be a string" }),
  model: label.optional(),
  operation: slug.optional(),
  inputTokens: tokenCount.optional(),
  promptTokens: tokenCount.optional(),
  outputTokens: tokenCount.optional(),
  completionTokens: tokenCount.optional(),
  cacheReadTokens: tokenCount.optional(),
  cacheWriteTokens: tokenCount.optional(),
  reasoningTokens: tokenCount.optional(),
  totalTokens: tokenCount.optional(),
  costUsd: usd.optional(),
  estimatedCostUsd: usd.optional(),
  costSource: z.enum(COST_SOURCES, { error: `must be one of ${COST_SOURCES.join(", ")}` }).optional(),
  latencyMs: z
    .number({ error: "must be a number" })
    .finite()
    .min(0, "must not be negative")
    .max(86_400_000)
    .optional(),
  statusCode: z
    .number({ error: "must be a number" })
    .int()
    .min(100, "must be an HTTP status")
    .max(599, "must be an HTTP status")
    .optional(),
  agentId: label.optional(),
  featureId: label.optional(),
  userTier: label.optional(),
  taskId: label.optional(),
  workflowId: label.optional(),
  customerId: label.optional(),
  metadata: metadataSchema.optional(),
  sdkVersion: z.string().trim().max(64, "must be at most 64 characters").optional(),
  serviceTier: z.enum(SERVICE_TIERS, { error: `must be one of ${SERVICE_TIERS.join(", ")}` }).optional(),
  cacheWrite1hTokens: tokenCount.optional(),
  webSearchRequests: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(1e6)
    .optional(),
  priceBookVersion: z.string().trim().min(1).max(64, "must be at most 64 characters").optional(),
  priceId: z.string().trim().min(1).max(256, "must be at most 256 characters").optional(),
  /** The budget reservation (POST /v1/budget/authorize) this call ran under: its cost settles it. Not stored. */
  reservationId: z.string().trim().min(1).max(128, "must be at most 128 characters").nullish(),
});

export type EventInput = z.input<typeof eventInputSchema>;
export const EVENT_INPUT_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(eventInputSchema.shape),
  "receivedAt",
]);
