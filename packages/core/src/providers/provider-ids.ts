/**
 * The fixed provider ids used everywhere: events, proxy routes, prices, docs.
 * Other lowercase slugs (e2b, a vector DB, a compute vendor) are accepted too and
 * carry the cost the client supplies.
 */
export const LLM_PROVIDER_IDS = [
  "openai",
  "azure-openai",
  "anthropic",
  "gemini",
  "vertex",
  "openrouter",
  "mistral",
  "deepseek",
  "xai",
  "groq",
  "together",
  "fireworks",
  "cohere",
  "bedrock",
  "meta",
  "ollama",
  "openai-compatible",
] as const;

export type LlmProviderId = (typeof LLM_PROVIDER_IDS)[number];

const llmProviderIds: ReadonlySet<string> = new Set(LLM_PROVIDER_IDS);

export function isLlmProviderId(value: string): value is LlmProviderId {
  return llmProviderIds.has(value);
}

/** Spellings seen in the wild, mapped onto the fixed ids. */
const PROVIDER_ALIASES: Readonly<Record<string, LlmProviderId>> = {
  google: "gemini",
  "google-gemini": "gemini",
  "google-ai": "gemini",
  "vertex-ai": "vertex",
  "google-vertex": "vertex",
  azure: "azure-openai",
  "azure-ai": "azure-openai",
  "aws-bedrock": "bedrock",
  "amazon-bedrock": "bedrock",
  "x-ai": "xai",
  grok: "xai",
  "together-ai": "together",
  togetherai: "together",
  "fireworks-ai": "fireworks",
  "meta-llama": "meta",
  llama: "meta",
  "mistral-ai": "mistral",
  mistralai: "mistral",
  claude: "anthropic",
};

const PROVIDER_SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Lowercases, trims and maps known aliases; returns undefined when the value is not a valid slug. */
export function normalizeProviderId(raw: string): string | undefined {
  const slug = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
  if (!PROVIDER_SLUG.test(slug)) return undefined;
  return PROVIDER_ALIASES[slug] ?? slug;
}
