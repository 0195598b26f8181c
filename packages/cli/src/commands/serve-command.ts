import { describeStorage, resolveServerConfig, startServer } from "@burnrate/server";
import { Command } from "commander";
import { CliError } from "../cli-error.js";

export function serveCommand(): Command {
  return new Command("serve")
    .description(
      "start the burnrate server (API and dashboard) on the embedded SQLite ledger, or on PostgreSQL with --database-url",
    )
    .option("-p, --port <port>", "port to listen on (env BURNRATE_PORT, default 8789)")
    .option("--host <host>", "address to bind (env BURNRATE_HOST, default 127.0.0.1; 0.0.0.0 for all)")
    .option(
      "-d, --data-dir <dir>",
      "where the SQLite ledger and the server secret live (env BURNRATE_DATA_DIR, default ./.burnrate)",
    )
    .option(
      "--database-url <url>",
      "postgres://… to share one PostgreSQL ledger between instances (env BURNRATE_DATABASE_URL); migrated on start",
    )
    .action(async (options: { port?: string; host?: string; dataDir?: string; databaseUrl?: string }) => {
      let config: ReturnType<typeof resolveServerConfig>;
      try {
        config = resolveServerConfig(options);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const server = await startServer(config);
      console.log(`burnrate listening on ${server.url}  (ledger: ${describeStorage(config)})`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          console.log(`burnrate: ${signal} received, finishing requests in flight`);
          server.close().then(resolve, resolve);
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
      });
    });
}
