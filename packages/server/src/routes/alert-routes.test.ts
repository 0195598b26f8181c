import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../testing/start-test-server.js";

let server: TestServer;
let receiver: Server;
let receiverUrl = "";
const received: { headers: IncomingMessage["headers"]; body: string; answered: number }[] = [];
/** Answers 500 to the first delivery of each alert, then 200: every alert needs one retry. */
const failedOnce = new Set<string>();
let onDelivery: () => void = () => {};

before(async () => {
  server = await startTestServer();
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const key = String(request.headers["burnrate-delivery"]);
      const answered = failedOnce.has(key) ? 200 : 500;
      failedOnce.add(key);
      received.push({ headers: request.headers, body, answered });
      response.writeHead(answered).end();
      onDelivery();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
after(async () => {
  await server.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as any,
});
/** Resolves once `count` successful deliveries have arrived. */
function delivered(count: number) {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (received.filter((delivery) => delivery.answered === 200).length >= count) resolve();
    };
    onDelivery = check;
    check();
  });
}

test("thresholds fire once per window to the webhook, signed, retried after a 500, every attempt recorded", async () => {
  const admin = (await server.createKey("alerts", "admin")).key;
  const ingest = (await server.createKey("alerts", "ingest")).key;
  const hook = await server
    .call(admin, "/v1/webhooks", { json: { url: receiverUrl, format: "json" } })
    .then(json);
  assert.equal(hook.status, 201);
  assert.match(hook.body.secret, /^whsec_[0-9a-f]{64}$/);
  await server.call(admin, "/v1/budgets", {
    json: {
      id: "monthly",
      window: { kind: "monthly", timeZone: "America/New_York" },
      limitUsd: 1,
      action: "block",
    },
  });
  const spend = (costUsd: number) =>
    server.call(ingest, "/v1/events", {
      json: { eventId: randomUUID(), provider: "openai", model: "gpt-4o", costUsd },
    });

  await spend(0.3);
  await spend(0.3); // 60%: the 50% threshold
  await delivered(1);
  await spend(0.05);
  await spend(0.05); // 70%: nothing new
  await spend(0.15); // 85%: the 80% threshold
  await delivered(2);
  await server.budgets.deliverer.idle();

  const ok = received.filter((delivery) => delivery.answered === 200);
  assert.deepEqual(
    ok.map((delivery) => JSON.parse(delivery.body).threshold),
    [0.5, 0.8],
  );
  assert.equal(received.length, 4, "each alert: one 500, one retry");
  for (const delivery of received) {
    const signature = String(delivery.headers["burnrate-signature"]);
    const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    const expected = createHmac("sha256", hook.body.secret)
      .update(`${timestamp}.${delivery.body}`)
      .digest("hex");
    assert.equal(mac, expected, "signed with the webhook's secret");
    assert.equal(delivery.headers["burnrate-event"], "budget.threshold_reached");
  }
  const body = JSON.parse(ok[0]!.body);
  assert.equal(body.type, "budget.threshold_reached");
  assert.equal(body.budget.id, "monthly");
  assert.equal(body.budget.limitUsd, 1);
  assert.equal(body.spentUsd, 0.6);

  const fired = await server.call(admin, "/v1/alerts").then(json);
  assert.deepEqual(fired.body.alerts.map((alert: any) => alert.threshold).sort(), [0.5, 0.8]);
  const deliveries = await server.call(admin, "/v1/alerts/deliveries").then(json);
  assert.equal(deliveries.body.deliveries.length, 4);
  assert.deepEqual(
    deliveries.body.deliveries
      .map((delivery: any) => [delivery.attempt, delivery.ok, delivery.responseStatus])
      .sort(),
    [
      [1, false, 500],
      [1, false, 500],
      [2, true, 200],
      [2, true, 200],
    ],
  );
});

test("a Slack webhook gets a text body; a blocked call fires once per window", async () => {
  const admin = (await server.createKey("slack", "admin")).key;
  const ingest = (await server.createKey("slack", "ingest")).key;
  await server.call(admin, "/v1/webhooks", { json: { url: receiverUrl, format: "slack" } });
  await server.call(admin, "/v1/budgets", {
    json: { id: "tiny", window: { kind: "daily" }, limitUsd: 0.01, action: "block", alertThresholds: [2] },
  });
  const before = received.filter((delivery) => delivery.answered === 200).length;
  for (let call = 0; call < 3; call += 1) {
    const refused = await server
      .call(ingest, "/v1/budget/authorize", { json: { worstCaseUsd: 0.05 } })
      .then(json);
    assert.equal(refused.body.allowed, false);
  }
  await delivered(before + 1);
  await server.budgets.deliverer.idle();
  const slack = received.filter((delivery) => delivery.answered === 200).slice(before);
  assert.equal(slack.length, 1, "three blocked calls, one alert");
  assert.match(JSON.parse(slack[0]!.body).text, /blocked a call: budget "tiny"/);
  assert.equal(slack[0]!.headers["burnrate-event"], "budget.blocked");
});

test("a webhook URL must be http(s)", async () => {
  const admin = (await server.createKey("hooks", "admin")).key;
  const bad = await server.call(admin, "/v1/webhooks", { json: { url: "file:///etc/passwd" } }).then(json);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.issues[0].field, "url");
});
