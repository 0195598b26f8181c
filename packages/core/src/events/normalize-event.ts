import type { FieldIssue } from "../errors.js";
import { usdToNanos } from "../money.js";
import { normalizeProviderId } from "../providers/provider-ids.js";
import { EVENT_INPUT_FIELDS, eventInputSchema } from "./event-input-schema.js";
import type { EventSource, NormalizedEvent } from "./ledger-event.js";

export interface NormalizeContext {
  /** The project of the API key; the body may repeat it but never change it. */
  projectId: string;
  /** Source when the event does not name one: the way it came in. */
  defaultSource: EventSource;
  /** Server time, epoch milliseconds. */
  now: number;
  defaultEnvironment?: string;
  /** Makes an eventId for events that bring none (no idempotency then). */
  newEventId?: () => string;
}

export type NormalizeResult =
  | { ok: true; event: NormalizedEvent; warnings: string[] }
  | { ok: false; issues: FieldIssue[] };

/** Events stamped further ahead than this are refused: a clock that far off is a bug. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
const EARLIEST_TIMESTAMP = Date.UTC(2000, 0, 1);

function pickAlias<T>(
  issues: FieldIssue[],
  primary: [string, T | undefined],
  alias: [string, T | undefined],
): T | undefined {
  const [primaryName, primaryValue] = primary;
  const [aliasName, aliasValue] = alias;
  if (primaryValue !== undefined && aliasValue !== undefined && primaryValue !== aliasValue) {
    issues.push({
      field: aliasName,
      message: `contradicts ${primaryName}: ${String(aliasValue)} vs ${String(primaryValue)} (send one of them)`,
    });
  }
  return primaryValue ?? aliasValue;
}

/**
 * Turns one raw event into the canonical shape, or says what is wrong with it, field by field.
 * Pure: the caller supplies the time and the project.
 */
export function normalizeEvent(raw: unknown, context: NormalizeContext): NormalizeResult {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, issues: [{ field: "", message: "an event must be a JSON object" }] };
  }
  const parsed = eventInputSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message })),
    };
  }
  const input = parsed.data;
  const issues: FieldIssue[] = [];
  const warnings: string[] = [];

  for (const key of Object.keys(raw)) {
    if (!EVENT_INPUT_FIELDS.has(key)) warnings.push(`unknown field "${key}" ignored`);
  }
  if ("receivedAt" in raw) warnings.push(`"receivedAt" is set by the server; the value sent was ignored`);
  if (input.projectId !== undefined && input.projectId !== context.projectId) {
    issues.push({ field: "projectId", message: `"${input.projectId}" is not the API key's project` });
  }

  const provider = normalizeProviderId(input.provider);
  if (provider === undefined) {
    issues.push({ field: "provider", message: "must be a provider slug such as openai, anthropic or e2b" });
  }

  const eventId = pickAlias(issues, ["eventId", input.eventId], ["id", input.id]);
  const inputTokens = pickAlias(
    issues,
    ["inputTokens", input.inputTokens],
    ["promptTokens", input.promptTokens],
  );
  const outputTokens = pickAlias(
    issues,
    ["outputTokens", input.outputTokens],
    ["completionTokens", input.completionTokens],
  );
  const costUsd = pickAlias(issues, ["costUsd", input.costUsd], ["estimatedCostUsd", input.estimatedCostUsd]);

  let totalTokens = input.totalTokens;
  if (inputTokens !== undefined && outputTokens !== undefined) {
    const sum = inputTokens + outputTokens;
    if (totalTokens !== undefined && totalTokens !== sum) {
      issues.push({
        field: "totalTokens",
        message: `is ${totalTokens} but inputTokens + outputTokens is ${sum} (output includes reasoning tokens)`,
      });
    }
    totalTokens = sum;
  }
  const cacheTokens = (input.cacheReadTokens ?? 0) + (input.cacheWriteTokens ?? 0);
  if (inputTokens !== undefined && cacheTokens > inputTokens) {
    issues.push({
      field: "cacheReadTokens",
      message: `cacheReadTokens + cacheWriteTokens (${cacheTokens}) exceed inputTokens (${inputTokens}); inputTokens must include cached tokens`,
    });
  }
  if (input.cacheWrite1hTokens !== undefined && input.cacheWrite1hTokens > (input.cacheWriteTokens ?? 0)) {
    issues.push({
      field: "cacheWrite1hTokens",
      message: `(${input.cacheWrite1hTokens}) exceeds cacheWriteTokens (${input.cacheWriteTokens ?? "absent"}); it is the 1-hour part of them`,
    });
  }
  if (
    outputTokens !== undefined &&
    input.reasoningTokens !== undefined &&
    input.reasoningTokens > outputTokens
  ) {
    issues.push({
      field: "reasoningTokens",
      message: `(${input.reasoningTokens}) exceeds outputTokens (${outputTokens}); outputTokens must include reasoning tokens`,
    });
  }

  if (input.costSource === "UNPRICED" && costUsd !== undefined) {
    issues.push({ field: "costSource", message: "is UNPRICED but a cost was sent" });
  } else if (input.costSource !== undefined && input.costSource !== "UNPRICED" && costUsd === undefined) {
    issues.push({ field: "costSource", message: `is ${input.costSource} but no costUsd was sent` });
  }

  let timestamp = context.now;
  if (input.timestamp !== undefined) {
    timestamp = typeof input.timestamp === "number" ? input.timestamp : Date.parse(input.timestamp);
    if (timestamp < EARLIEST_TIMESTAMP) issues.push({ field: "timestamp", message: "is before 2000-01-01" });
    if (timestamp > context.now + MAX_FUTURE_SKEW_MS) {
      issues.push({
        field: "timestamp",
        message: "is more than 24 hours in the future (check the client's clock)",
      });
    }
  }

  if (issues.length > 0 || provider === undefined) return { ok: false, issues };

  const event: NormalizedEvent = {
    eventId: eventId ?? (context.newEventId ?? (() => crypto.randomUUID()))(),
    timestamp,
    environment: input.environment ?? context.defaultEnvironment ?? "production",
    source: input.source ?? context.defaultSource,
    provider,
    operation: input.operation ?? "llm_call",
    costSource: input.costSource ?? (costUsd === undefined ? "UNPRICED" : "CLIENT_SUPPLIED"),
  };
  const set = <K extends keyof NormalizedEvent>(key: K, value: NormalizedEvent[K] | undefined) => {
    if (value !== undefined) event[key] = value;
  };
  set("model", input.model);
  set("inputTokens", inputTokens);
  set("outputTokens", outputTokens);
  set("cacheReadTokens", input.cacheReadTokens);
  set("cacheWriteTokens", input.cacheWriteTokens);
  set("reasoningTokens", input.reasoningTokens);
  set("totalTokens", totalTokens);
  set("costNanos", costUsd === undefined ? undefined : usdToNanos(costUsd));
  set("latencyMs", input.latencyMs);
  set("statusCode", input.statusCode);
  set("agentId", input.agentId);
  set("featureId", input.featureId);
  set("userTier", input.userTier);
  set("taskId", input.taskId);
  set("workflowId", input.workflowId);
  set("customerId", input.customerId);
  set("metadata", input.metadata);
  set("sdkVersion", input.sdkVersion);
  set("serviceTier", input.serviceTier);
  set("cacheWrite1hTokens", input.cacheWrite1hTokens);
  set("webSearchRequests", input.webSearchRequests);
  set("priceBookVersion", input.priceBookVersion);
  set("priceId", input.priceId);
  return { ok: true, event, warnings };
}
