import {
  BUDGET_SCOPE_FIELDS,
  type BudgetPolicy,
  type BudgetVerdict,
  ERROR_CODES,
  nanosToUsd,
  seedBudgetPolicies,
  usdToNanos,
  windowAt,
} from "@burnrate/core";
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import type { AuthorizeDecision, CallAttributes } from "../budgets/budget-guard.js";
import {
  authorizeRequestSchema,
  seedBudgetRequestSchema,
  settleRequestSchema,
} from "../budgets/budget-request-schemas.js";
import { presentBudget, presentKill } from "../budgets/present-budget.js";
import { HttpError } from "../http/http-error.js";
import { parseWithSchema } from "../http/parse-with-schema.js";
import { readJsonBody } from "../http/read-json-body.js";

/** The output tokens assumed when a call does not say its max_tokens. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
const DEFAULT_TTL_SECONDS = 600;
const SEED_IDS = { daily: "daily", monthly: "monthly" } as const;

/** The query's call attributes, plus the key the caller came with. */
function callerAttributes(c: Context<AppEnv>): CallAttributes {
  const attributes: CallAttributes = { apiKeyId: c.var.apiKey.id };
  for (const field of BUDGET_SCOPE_FIELDS) {
    const value = c.req.query(field);
    if (value !== undefined && value !== "" && field !== "apiKeyId") attributes[field] = value;
  }
  return attributes;
}

/** A budget applies to a caller unless it is scoped to something the caller said it is not. */
const conflicts = (scope: BudgetPolicy["scope"], call: CallAttributes) =>
  BUDGET_SCOPE_FIELDS.some(
    (field) => scope[field] !== undefined && call[field] !== undefined && scope[field] !== call[field],
  );

/**
 * `GET /v1/budget` and `PUT /v1/budget` (the seed's budget status and configuration),
 * `POST /v1/budget/authorize` (decide and reserve before a call) and `POST /v1/budget/settle`.
 */
export function budgetRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/v1/budget", requireScope("read", "ingest"), async (c) => c.json(await budgetStatus(c)));

  app.put("/v1/budget", requireScope("admin"), async (c) => {
    const body = parseWithSchema(seedBudgetRequestSchema, await readJsonBody(c), "budget");
    const { projectId } = c.var.apiKey;
    const now = Date.now();
    const policies = seedBudgetPolicies({
      action: body.action,
      ...(body.dailyLimitUsd == null ? {} : { dailyLimitUsd: body.dailyLimitUsd }),
      ...(body.monthlyLimitUsd == null ? {} : { monthlyLimitUsd: body.monthlyLimitUsd }),
      ...(body.timeZone === undefined ? {} : { timeZone: body.timeZone }),
    });
    for (const kind of ["daily", "monthly"] as const) {
      const policy = policies.find((candidate) => candidate.window.kind === kind);
      const id = SEED_IDS[kind];
      if (policy === undefined) await c.var.storage.budgets.delete(projectId, id);
      else {
        const existing = await c.var.storage.budgets.get(projectId, id);
        await c.var.storage.budgets.put({
          id,
          projectId,
          policy,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        });
      }
    }
    await c.var.budgets.refresh();
    return c.json(await budgetStatus(c));
  });

  app.post("/v1/budget/authorize", requireScope("ingest"), async (c) => {
    const body = parseWithSchema(authorizeRequestSchema, await readJsonBody(c), "authorization request");
    const { projectId, id: apiKeyId } = c.var.apiKey;
    const {
      inputTokens,
      promptTokens,
      maxOutputTokens,
      worstCaseUsd,
      estimatedCostUsd,
      ttlSeconds,
      ...call
    } = body;
    const now = Date.now();
    const worst = worstCaseOf(c, body, now);
    const ttlMs = (ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
    const decision = await c.var.budgets.authorize(projectId, { ...call, apiKeyId }, worst, ttlMs, now);
    return c.json(presentDecision(c, decision, worst.costNanos, now));
  });

  app.post("/v1/budget/settle", requireScope("ingest"), async (c) => {
    const body = parseWithSchema(settleRequestSchema, await readJsonBody(c), "settlement");
    let costNanos = body.costUsd === undefined ? undefined : usdToNanos(body.costUsd);
    if (costNanos === undefined && body.provider !== undefined) {
      const price = c.var.priceEvent({
        provider: body.provider,
        timestamp: Date.now(),
        ...(body.model === undefined ? {} : { model: body.model }),
        ...(body.inputTokens === undefined ? {} : { inputTokens: body.inputTokens }),
        ...(body.outputTokens === undefined ? {} : { outputTokens: body.outputTokens }),
      });
      costNanos = price.costNanos;
    }
    const tokens = (body.inputTokens ?? 0) + (body.outputTokens ?? 0);
    const status = await c.var.budgets.settle(c.var.apiKey.projectId, body.reservationId, {
      costNanos: costNanos ?? 0,
      tokens,
    });
    if (status === "unknown")
      throw new HttpError(
        404,
        ERROR_CODES.notFound,
        `no open reservation "${body.reservationId}" in this project: it expired or was never made`,
      );
    return c.json({ reservationId: body.reservationId, status, settledUsd: nanosToUsd(costNanos ?? 0) });
  });

  return app;
}

/** The call's worst case: the caller's own figure, or its prompt plus max output tokens at the model's price. */
function worstCaseOf(c: Context<AppEnv>, body: ReturnType<typeof authorizeRequestSchema.parse>, now: number) {
  const inputTokens = body.inputTokens ?? body.promptTokens ?? 0;
  const outputTokens = body.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const given = body.worstCaseUsd ?? body.estimatedCostUsd;
  if (given !== undefined) return { costNanos: usdToNanos(given), tokens: inputTokens + outputTokens };
  const price =
    body.provider === undefined
      ? undefined
      : c.var.priceEvent({
          provider: body.provider,
          timestamp: now,
          inputTokens,
          outputTokens,
          ...(body.model === undefined ? {} : { model: body.model }),
        });
  return { costNanos: price?.costNanos ?? 0, tokens: inputTokens + outputTokens };
}

function presentVerdict(c: Context<AppEnv>, verdict: BudgetVerdict) {
  const budget = c.var.budgets
    .budgets(c.var.apiKey.projectId)
    .find((candidate) => candidate.id === verdict.budgetId);
  return {
    budgetId: verdict.budgetId,
    name: budget?.policy.name ?? null,
    reason: verdict.reason,
    action: verdict.action,
    limitUsd: nanosToUsd(verdict.limitNanos),
    projectedUsd: nanosToUsd(verdict.projectedNanos),
    ...(budget === undefined ? {} : { resetsAt: resetOf(budget.policy, Date.now()) }),
  };
}

const resetOf = (policy: BudgetPolicy, now: number) => {
  const resetsAt = windowAt(policy.window, now).resetsAt;
  return resetsAt === undefined ? null : new Date(resetsAt).toISOString();
};

function presentDecision(
  c: Context<AppEnv>,
  decision: AuthorizeDecision,
  worstCaseNanos: number,
  now: number,
) {
  const warnings = decision.crossed.map((verdict) => presentVerdict(c, verdict));
  const degraded = decision.degraded === undefined ? {} : { degraded: decision.degraded };
  if (decision.allowed)
    return {
      allowed: true,
      reservationId: decision.reservationId ?? null,
      expiresAt: decision.expiresAt === undefined ? null : new Date(decision.expiresAt).toISOString(),
      worstCaseUsd: nanosToUsd(worstCaseNanos),
      warnings,
      ...degraded,
    };
  const blockedBy = decision.kill === undefined ? presentVerdict(c, decision.blockedBy) : null;
  const reset = blockedBy?.resetsAt ? Date.parse(blockedBy.resetsAt) : undefined;
  const message =
    decision.kill !== undefined
      ? `calls in this scope are stopped by kill switch ${decision.kill.id}${decision.kill.reason ? ` (${decision.kill.reason})` : ""}`
      : decision.blockedBy.reason === "state_unavailable"
        ? "budget state unavailable and enforcement fails closed"
        : `budget "${blockedBy?.name ?? decision.blockedBy.budgetId}" would be exceeded (${decision.blockedBy.reason})`;
  return {
    allowed: false,
    reason: decision.blockedBy.reason,
    message,
    blockedBy,
    killSwitch: decision.kill === undefined ? null : presentKill(decision.kill),
    retryAfterSeconds: reset === undefined ? null : Math.max(1, Math.ceil((reset - now) / 1000)),
    worstCaseUsd: nanosToUsd(worstCaseNanos),
    warnings,
    ...degraded,
  };
}

/** The status of every budget that applies to the caller, and the seed's summary fields. */
async function budgetStatus(c: Context<AppEnv>) {
  const { projectId } = c.var.apiKey;
  const call = callerAttributes(c);
  const now = Date.now();
  const records = c.var.budgets.budgets(projectId).filter((budget) => !conflicts(budget.policy.scope, call));
  const current = await c.var.budgets.usage(projectId, records, now);
  const budgets = current.map(({ record, usage, counters }) => presentBudget(record, { usage, counters }));
  const kills = c.var.budgets.kills(projectId).filter((kill) => !conflicts(kill.scope, call));
  const binding = current.filter(({ record }) =>
    BUDGET_SCOPE_FIELDS.every(
      (field) => record.policy.scope[field] === undefined || record.policy.scope[field] === call[field],
    ),
  );
  const exceeded = binding.some(
    ({ record, usage }) =>
      record.policy.action === "block" && usage.spentNanos >= usdToNanos(record.policy.limitUsd),
  );
  const killed = kills.some((kill) =>
    BUDGET_SCOPE_FIELDS.every(
      (field) => kill.scope[field] === undefined || kill.scope[field] === call[field],
    ),
  );
  const seed = (kind: "daily" | "monthly") => current.find(({ record }) => record.id === SEED_IDS[kind]);
  const spendOf = async (kind: "daily" | "monthly") => {
    const found = seed(kind);
    if (found !== undefined) return nanosToUsd(found.usage.spentNanos);
    const window = windowAt({ kind, timeZone: "UTC" }, now);
    const rows = await c.var.storage.ledger.spendSummary({
      projectId,
      from: window.start,
      to: window.resetsAt!,
      groupBy: [],
    });
    return nanosToUsd(rows[0]?.costNanos ?? 0);
  };
  const states = budgets.map((budget) => ("status" in budget ? budget.status.state : "ok"));
  return {
    projectId,
    dailyLimitUsd: seed("daily")?.record.policy.limitUsd ?? null,
    monthlyLimitUsd: seed("monthly")?.record.policy.limitUsd ?? null,
    action: (seed("daily") ?? seed("monthly"))?.record.policy.action ?? null,
    dailySpendUsd: await spendOf("daily"),
    monthlySpendUsd: await spendOf("monthly"),
    exceeded: exceeded || killed,
    state: killed
      ? "killed"
      : exceeded || states.includes("exceeded")
        ? "exceeded"
        : states.includes("warning")
          ? "warning"
          : "ok",
    budgets,
    kills: kills.map(presentKill),
  };
}
