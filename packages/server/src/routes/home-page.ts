import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>burnrate</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #0f1115; color: #e6e6e6; }
  main { max-width: 44rem; margin: 4rem auto; padding: 0 1.5rem; }
  h1 { font-size: 2rem; margin: 0 0 .25rem; } h1 span { color: #ff6a3d; }
  code { background: #1c1f26; padding: .1rem .35rem; border-radius: 4px; }
  a { color: #7fb4ff; } .muted { color: #9aa0aa; }
  #health { margin-top: 2rem; }
</style>
</head>
<body>
<main>
  <h1><span>burn</span>rate</h1>
  <p class="muted">Self-hosted AI spend ledger and guardrail engine.</p>
  <p>The dashboard is on its way. Meanwhile the ledger is live:</p>
  <ul>
    <li>Ingest: <code>POST /v1/events</code>, <code>POST /api/ingest</code></li>
    <li>Read: <code>GET /v1/ledger</code> (csv and jsonl export with <code>?format=</code>)</li>
    <li>Agents: <code>/api/agents</code></li>
    <li>Health: <a href="/v1/health"><code>GET /v1/health</code></a></li>
  </ul>
  <p>Create a key with <code>npx burnrate keys create --project my-app</code>.</p>
  <p id="health" class="muted">Checking health…</p>
</main>
<script>
fetch("/v1/health").then((r) => r.json()).then((h) => {
  document.getElementById("health").textContent = "Server " + h.status + " · " + h.storage.backend + " ledger · v" + h.version;
}).catch(() => { document.getElementById("health").textContent = "Server unreachable"; });
</script>
</body>
</html>`;

/** `/`: the dashboard's placeholder until the dashboard lands. */
export function homePage() {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => c.html(PAGE));
  return app;
}
