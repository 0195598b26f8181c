import { openPostgresStorage } from "@burnrate/storage";
import { createBenchSchema, postgresUnavailable } from "../ingest-throughput/bench-database.mjs";

/** PostgreSQL on a fresh schema of BENCH_DATABASE_URL (default the local `test` database), or undefined when it does not answer. */
export async function openPostgresForBench() {
  if ((await postgresUnavailable()) !== undefined) return undefined;
  const schema = await createBenchSchema();
  const storage = await openPostgresStorage({ url: schema.url, sealKey: "bench-seal-key-0123456789" });
  return {
    storage,
    async close() {
      await storage.close();
      await schema.drop();
    },
  };
}
