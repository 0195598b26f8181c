import { serve } from "@hono/node-server";
import { Hono } from "hono";

/**
 * The baseline of bench/ingest-throughput: the HTTP stack burnrate serves on (hono on
 * @hono/node-server, the workspace's one hoisted copy of each), with a handler that only reads
 * the body and answers `{}`. Usage: node empty-handler-server.mjs <port>
 */
const port = Number(process.argv[2]);
const app = new Hono();
app.post("/v1/events", async (c) => {
  await c.req.text();
  return c.json({});
});

const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => {
  console.log(`baseline listening on http://127.0.0.1:${info.port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
