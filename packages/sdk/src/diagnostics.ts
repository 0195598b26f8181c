/**
 * Where the SDK reports its own failures. It formats nothing unless `debug` is on, and it
 * swallows its own throws: telemetry never breaks the host.
 */
export interface Diagnostics {
  report(message: string, error?: unknown): void;
}

export function createDiagnostics(debug: boolean): Diagnostics {
  if (!debug) return { report() {} };
  return {
    report(message, error) {
      try {
        const detail = error instanceof Error ? `: ${error.message}` : "";
        console.warn(`[burnrate] ${message}${detail}`);
      } catch {
        // A console that throws must not reach the host either.
      }
    },
  };
}
