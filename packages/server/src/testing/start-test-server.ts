import type { ApiKeyScope } from "@burnrate/storage";
import { createTestSchema, makeTempDir, testBackend } from "@burnrate/testkit";
import { generateApiKey, hashApiKey } from "../auth/api-key.js";
import { loadServerSecret } from "../node/server-secret.js";
import { type RunningServer, startServer } from "../node/start-server.js";

export {
  deleteRedisKeys,
  redisUnavailable,
  testRedisPrefix,
  testRedisUrl,
} from "../budgets/testing/test-redis.js";

export interface TestServer extends RunningServer {
  dataDir: string;
  createKey(projectId: string, scope?: ApiKeyScope): Promise<{ id: string; key: string }>;
  /** fetch against the server with an API key. */
  call(key: string | undefined, path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A real server on a free loopback port, on a real SQLite file in a temp dir, or on a fresh
 * PostgreSQL schema when the test backend is PostgreSQL (BURNRATE_TEST_BACKEND=postgres).
 */
export async function startTestServer(
  options: {
    maxBodyBytes?: number;
    redisUrl?: string;
    budgetFailMode?: "open" | "closed";
    databaseUrl?: string;
  } = {},
): Promise<TestServer> {
  const temp = makeTempDir();
  const schema = testBackend() === "postgres" ? await createTestSchema() : undefined;
  const server = await startServer(
    {
      port: 0,
      host: "127.0.0.1",
      dataDir: temp.path,
      ...(schema === undefined ? {} : { databaseUrl: schema.url }),
      ...options,
    },
    { delivery: { baseDelayMs: 20, timeoutMs: 2000 }, budgetRefreshMs: 200 },
  );
  const secret = loadServerSecret(temp.path);
  return {
    ...server,
    dataDir: temp.path,
    async createKey(projectId, scope = "admin") {
      const { id, key, prefix } = generateApiKey();
      await server.storage.keys.create({
        id,
        keyHash: hashApiKey(secret, key),
        projectId,
        scope,
        prefix,
        createdAt: Date.now(),
      });
      return { id, key };
    },
    call(key, path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== undefined) headers.set("x-api-key", key);
      if (json !== undefined) headers.set("content-type", "application/json");
      return fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json), method: rest.method ?? "POST" }),
      });
    },
    async stop() {
      await server.close();
      await schema?.drop();
      temp.remove();
    },
  };
}
