import { readFileSync } from "node:fs";

/**
 * A recorded provider payload, kept beside its parser in core (`packages/core/src/providers/`),
 * e.g. `anthropic/__fixtures__/message-stream.sse`. The path resolves the same from src and dist.
 */
export function loadProviderFixture(path: string): Buffer {
  return readFileSync(new URL(`../../core/src/providers/${path}`, import.meta.url));
}
