import type { LedgerEntry } from "@burnrate/core";
import { startTestServer, type TestServer } from "@burnrate/server/testing";
import { type MockProviderServer, startMockProviderServer } from "@burnrate/testkit";

/** A real burnrate server, a mock provider, and the SDK options that join them. */
export interface LedgerHarness {
  server: TestServer;
  provider: MockProviderServer;
  apiKey: string;
  /** Base URLs of the mock mapped to the providers it imitates. */
  providers: Record<string, string>;
  entriesWithTask(taskId: string): Promise<LedgerEntry[]>;
  close(): Promise<void>;
}

export async function startLedgerHarness(): Promise<LedgerHarness> {
  const server = await startTestServer();
  const provider = await startMockProviderServer();
  const { key } = await server.createKey("acme", "ingest");
  return {
    server,
    provider,
    apiKey: key,
    providers: {
      [`${provider.url}/openai`]: "openai",
      [`${provider.url}/anthropic`]: "anthropic",
      [`${provider.url}/gemini`]: "gemini",
      [`${provider.url}/bedrock`]: "bedrock",
    },
    async entriesWithTask(taskId) {
      const page = await server.storage.ledger.query({ projectId: "acme", order: "asc", limit: 500 });
      return page.entries.filter((entry) => entry.taskId === taskId);
    },
    async close() {
      await provider.close();
      await server.stop();
    },
  };
}
