import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let admin: string;
let ingest: string;
let project = "";

/** Each test gets its own project, so budgets never leak between tests. */
async function freshProject() {
  project = `p-${randomUUID().slice(0, 8)}`;
  admin = (await server.createKey(project, "admin")).key;
  ingest = (await server.createKey(project, "ingest")).key;
}

const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as any,
});
const authorize = (body: Record<string, unknown>) =>
  server.call(ingest, "/v1/budget/authorize", { json: body }).then(json);
const createBudget = (body: Record<string, unknown>) =>
  server.call(admin, "/v1/budgets", { json: body }).then(json);
const status = (query = "") => server.call(ingest, `/v1/budget${query}`).then(json);
const event = (costUsd: number, extra: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  provider: "openai",
  model: "gpt-4o",
  inputTokens: 100,
  outputTokens: 10,
  costUsd,
  ...extra,
});

before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

describe("PUT and GET /v1/budget (the seed's shape)", () => {
  before(freshProject);

  test("PUT sets a daily and a monthly limit; GET reports spend, limits and each budget's standing", async () => {
    const put = await server.call(admin, "/v1/budget", {
      method: "PUT",
      json: { dailyLimitUsd: 100, monthlyLimitUsd: 2500, action: "block" },
    });
    assert.equal(put.status, 200);
    await server.call(ingest, "/v1/events", { json: [event(1.5), event(0.25)] });
    const { body } = await status();
    assert.equal(body.dailyLimitUsd, 100);
    assert.equal(body.monthlyLimitUsd, 2500);
    assert.equal(body.action, "block");
    assert.equal(body.dailySpendUsd, 1.75);
    assert.equal(body.monthlySpendUsd, 1.75);
    assert.equal(body.exceeded, false);
    assert.equal(body.state, "ok");
    const daily = body.budgets.find((budget: any) => budget.id === "daily");
    assert.equal(daily.status.spentUsd, 1.75);
    assert.equal(daily.status.remainingUsd, 98.25);
    assert.equal(daily.status.requests, 2);
    assert.ok(Date.parse(daily.status.resetsAt) > Date.now());
  });

  test("a PUT without the monthly limit removes it; bad input is a 400 naming the field", async () => {
    await server.call(admin, "/v1/budget", { method: "PUT", json: { dailyLimitUsd: 2, action: "warn" } });
    const { body } = await status();
    assert.equal(body.monthlyLimitUsd, null);
    assert.equal(body.action, "warn");
    const bad = await server
      .call(admin, "/v1/budget", { method: "PUT", json: { dailyLimitUsd: -1, action: "stop" } })
      .then(json);
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /dailyLimitUsd/);
    assert.deepEqual(
      bad.body.error.issues.map((issue: any) => issue.field),
      ["dailyLimitUsd", "action"],
    );
    const forbidden = await server.call(ingest, "/v1/budget", { method: "PUT", json: { action: "log" } });
    assert.equal(forbidden.status, 403);
  });
});

describe("POST /v1/budget/authorize and /settle", () => {
  beforeEach(freshProject);

  test("reserves the worst case, refuses the call that would cross a block budget, settles once", async () => {
    const created = await createBudget({
      id: "cap",
      window: { kind: "daily", timeZone: "Europe/Paris" },
      limitUsd: 1,
      action: "block",
    });
    assert.equal(created.status, 201);
    const first = await authorize({ provider: "openai", model: "gpt-4o", worstCaseUsd: 0.6 });
    assert.equal(first.body.allowed, true);
    assert.match(first.body.reservationId, /^rsv_/);
    const second = await authorize({ provider: "openai", model: "gpt-4o", worstCaseUsd: 0.6 });
    assert.equal(second.body.allowed, false);
    assert.equal(second.body.reason, "limit_usd");
    assert.equal(second.body.blockedBy.budgetId, "cap");
    assert.equal(second.body.blockedBy.projectedUsd, 1.2);
    assert.ok(second.body.retryAfterSeconds > 0 && second.body.retryAfterSeconds <= 25 * 3600);
    const settle = (body: Record<string, unknown>) =>
      server.call(ingest, "/v1/budget/settle", { json: body }).then(json);
    assert.deepEqual(
      (await settle({ reservationId: first.body.reservationId, costUsd: 0.3 })).body.status,
      "settled",
    );
    assert.equal(
      (await settle({ reservationId: first.body.reservationId, costUsd: 0.3 })).body.status,
      "already_settled",
    );
    const unknown = await settle({ reservationId: "rsv_nope" });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error.message, /rsv_nope/);
    assert.equal((await authorize({ worstCaseUsd: 0.6 })).body.allowed, true);
    const { body } = await server.call(admin, "/v1/budgets/cap").then(json);
    assert.equal(body.status.spentUsd, 0.3);
    assert.equal(body.status.reservedUsd, 0.6);
    assert.equal(body.status.requests, 1);
  });

  test("the worst case is the prompt plus max output tokens at the model's price", async () => {
    const decision = await authorize({
      provider: "openai",
      model: "gpt-4o",
      inputTokens: 1000,
      maxOutputTokens: 1000,
    });
    // gpt-4o: $2.50 in, $10 out per million tokens.
    assert.equal(decision.body.worstCaseUsd, 0.0125);
  });

  test("an event ingested with its reservationId settles the reservation at the event's cost", async () => {
    await createBudget({
      id: "agent-cap",
      scope: { agentId: "settler" },
      window: { kind: "monthly" },
      limitUsd: 5,
      action: "block",
    });
    const decision = await authorize({ agentId: "settler", worstCaseUsd: 1 });
    assert.equal(decision.body.allowed, true);
    await fetch(`${server.url}/api/agents`, {
      method: "POST",
      headers: { "x-api-key": admin, "content-type": "application/json" },
      body: JSON.stringify({ id: "settler", name: "Settler" }),
    });
    const stored = await server.call(ingest, "/v1/events", {
      json: event(0.25, { agentId: "settler", reservationId: decision.body.reservationId }),
    });
    assert.equal(stored.status, 200);
    const { body } = await server.call(admin, "/v1/budgets/agent-cap").then(json);
    assert.equal(body.status.spentUsd, 0.25);
    assert.equal(body.status.reservedUsd, 0);
    assert.equal(body.status.requests, 1);
  });

  test("spend already in the ledger counts when a budget is created, and new events add to it", async () => {
    await server.call(ingest, "/v1/events", {
      json: [event(0.5, { featureId: "search" }), event(9, { featureId: "chat" })],
    });
    await createBudget({
      id: "search",
      scope: { featureId: "search" },
      window: { kind: "rolling", hours: 24 },
      limitUsd: 1,
      action: "block",
    });
    let { body } = await server.call(admin, "/v1/budgets/search").then(json);
    assert.equal(body.status.spentUsd, 0.5);
    await server.call(ingest, "/v1/events", { json: event(0.25, { featureId: "search" }) });
    ({ body } = await server.call(admin, "/v1/budgets/search").then(json));
    assert.equal(body.status.spentUsd, 0.75);
    assert.equal((await authorize({ featureId: "search", worstCaseUsd: 0.3 })).body.allowed, false);
    assert.equal((await authorize({ featureId: "chat", worstCaseUsd: 0.3 })).body.allowed, true);
  });

  test("a budget on an API key counts only what that key sends and authorizes", async () => {
    const other = await server.createKey(project, "ingest");
    await createBudget({
      id: "key-cap",
      scope: { apiKeyId: other.id },
      window: { kind: "lifetime" },
      limitUsd: 0.1,
      action: "block",
    });
    await server.call(other.key, "/v1/events", { json: event(0.08) });
    await server.call(ingest, "/v1/events", { json: event(5) });
    const { body } = await server.call(admin, "/v1/budgets/key-cap").then(json);
    assert.equal(body.status.spentUsd, 0.08);
    const refused = await server
      .call(other.key, "/v1/budget/authorize", { json: { worstCaseUsd: 0.05 } })
      .then(json);
    assert.equal(refused.body.allowed, false);
    assert.equal(refused.body.blockedBy.budgetId, "key-cap");
  });

  test("bad authorize input is a 400 naming the field", async () => {
    const bad = await authorize({ maxOutputTokens: -5, surprise: 1 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.issues.map((issue: any) => issue.field).sort(), [
      "maxOutputTokens",
      "surprise",
    ]);
  });
});

describe("warn budgets", () => {
  before(freshProject);

  test("calls go on past a warn budget; one budget_warning entry per window reaches the ledger", async () => {
    await createBudget({
      id: "soft",
      window: { kind: "daily", timeZone: "UTC" },
      limitUsd: 0.5,
      action: "warn",
    });
    const first = await authorize({ worstCaseUsd: 0.75 });
    assert.equal(first.body.allowed, true);
    assert.equal(first.body.warnings[0].budgetId, "soft");
    assert.equal(first.body.warnings[0].action, "warn");
    await server.call(ingest, "/v1/events", { json: [event(0.6), event(0.6)] });
    assert.equal((await authorize({ worstCaseUsd: 0.75 })).body.allowed, true);
    const deadline = Date.now() + 5000;
    let warnings: any[] = [];
    while (Date.now() < deadline) {
      const page = await server.call(admin, "/v1/ledger?provider=burnrate").then(json);
      warnings = page.body.entries ?? page.body.events ?? [];
      if (warnings.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].operation, "budget_warning");
    assert.equal(warnings[0].metadata.budgetId, "soft");
    const { body } = await status();
    assert.equal(body.exceeded, false, "only block budgets make the project exceeded");
    assert.equal(body.state, "exceeded");
  });
});
