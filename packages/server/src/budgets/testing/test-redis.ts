import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/** The Redis the tests use: BURNRATE_TEST_REDIS_URL, or the local default. */
export function testRedisUrl(): string {
  return process.env.BURNRATE_TEST_REDIS_URL || "redis://127.0.0.1:6379";
}

/** A key prefix of its own for one test run, so runs sharing a Redis never see each other's keys. */
export function testRedisPrefix(): string {
  return `burnrate-test:${randomBytes(6).toString("hex")}:`;
}

async function withClient<T>(use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(testRedisUrl(), {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | undefined;
  client.on("error", (error: Error) => {
    cause ??= error;
  });
  try {
    await client.connect().catch((error: Error) => {
      throw cause ?? error; // "Connection is closed." says less than ECONNREFUSED
    });
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** Why the test Redis cannot be reached (undefined when it can), to skip Redis tests with one clear line. */
export async function redisUnavailable(): Promise<string | undefined> {
  try {
    await withClient((client) => client.ping());
    return undefined;
  } catch (error) {
    const url = new URL(testRedisUrl());
    if (url.password !== "") url.password = "***";
    return `no Redis at ${url} (${(error as Error).message}): set BURNRATE_TEST_REDIS_URL`;
  }
}

/** Deletes every key under `prefix` (SCAN, then DEL), as if Redis had lost them. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  return withClient(async (client) => {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) deleted += await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    return deleted;
  });
}
