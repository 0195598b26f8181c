import { createServer } from "node:http";

/**
 * One variant in a fresh process: `raw` fetch or the SDK's `wrapped` fetch, each calling a loopback
 * "provider" answering a chat completion. Prints p50 and p99 of per-call latency (request until the
 * body is read), in microseconds, as JSON.
 */
const [variant, bundlePath, requests] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  model: "gpt-4o-mini-2024-07-18",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(request.url === "/v1/events" ? "{}" : completion);
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
let call = fetch;
if (variant === "wrapped") {
  const { wrapFetch } = await import(bundlePath);
  call = wrapFetch(fetch, {
    apiKey: "br_bench",
    endpoint: base,
    providers: { [`${base}/openai`]: "openai" },
  });
}
const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
const once = async () => {
  const started = process.hrtime.bigint();
  const response = await call(`${base}/openai/v1/chat/completions`, { method: "POST", body });
  await response.text();
  return Number(process.hrtime.bigint() - started) / 1000;
};
for (let index = 0; index < 300; index++) await once();
const samples = [];
for (let index = 0; index < requests; index++) samples.push(await once());
samples.sort((a, b) => a - b);
const at = (quantile) => samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))];
console.log(JSON.stringify({ p50: at(0.5), p99: at(0.99) }));
server.close();
process.exit(0);
