import {
  ANTHROPIC_ROUTES,
  AZURE_OPENAI_ROUTES,
  BEDROCK_ROUTES,
  COHERE_ROUTES,
  type EndpointRoute,
  GEMINI_ROUTES,
  OPENAI_COMPATIBLE_ROUTES,
  VERTEX_ROUTES,
  XAI_ROUTES,
} from "./endpoint-routes.js";
import type { LlmProviderId } from "./provider-ids.js";

/**
 * Where each provider is reached and which APIs it serves: the one table shared by the SDK and
 * the proxy. An OpenAI-compatible provider is a row here, not new parser code.
 */
export interface ProviderDefinition {
  id: LlmProviderId;
  /** Exact hostnames. */
  hosts: readonly string[];
  /** Hostname patterns, for per-resource or per-region hosts. */
  hostPatterns?: readonly RegExp[];
  routes: readonly EndpointRoute[];
}

export const PROVIDER_REGISTRY: readonly ProviderDefinition[] = [
  { id: "openai", hosts: ["api.openai.com"], routes: OPENAI_COMPATIBLE_ROUTES },
  {
    id: "azure-openai",
    hosts: [],
    hostPatterns: [
      /\.openai\.azure\.com$/,
      /\.cognitiveservices\.azure\.com$/,
      /\.services\.ai\.azure\.com$/,
    ],
    routes: AZURE_OPENAI_ROUTES,
  },
  { id: "anthropic", hosts: ["api.anthropic.com"], routes: ANTHROPIC_ROUTES },
  { id: "gemini", hosts: ["generativelanguage.googleapis.com"], routes: GEMINI_ROUTES },
  {
    id: "vertex",
    hosts: ["aiplatform.googleapis.com"],
    hostPatterns: [/^[a-z0-9-]+-aiplatform\.googleapis\.com$/],
    routes: VERTEX_ROUTES,
  },
  { id: "openrouter", hosts: ["openrouter.ai"], routes: OPENAI_COMPATIBLE_ROUTES },
  { id: "mistral", hosts: ["api.mistral.ai", "codestral.mistral.ai"], routes: OPENAI_COMPATIBLE_ROUTES },
  { id: "deepseek", hosts: ["api.deepseek.com"], routes: OPENAI_COMPATIBLE_ROUTES },
  { id: "xai", hosts: ["api.x.ai"], routes: XAI_ROUTES },
  { id: "groq", hosts: ["api.groq.com"], routes: OPENAI_COMPATIBLE_ROUTES },
  { id: "together", hosts: ["api.together.xyz", "api.together.ai"], routes: OPENAI_COMPATIBLE_ROUTES },
  { id: "fireworks", hosts: ["api.fireworks.ai"], routes: OPENAI_COMPATIBLE_ROUTES },
  { id: "cohere", hosts: ["api.cohere.com", "api.cohere.ai"], routes: COHERE_ROUTES },
  {
    id: "bedrock",
    hosts: [],
    hostPatterns: [/^bedrock-runtime(-fips)?\.[a-z0-9-]+\.amazonaws\.com$/],
    routes: BEDROCK_ROUTES,
  },
];

const byId = new Map<string, ProviderDefinition>(PROVIDER_REGISTRY.map((row) => [row.id, row]));

/** The routes a provider id serves; any other id (a self-hosted gateway) speaks the OpenAI APIs. */
export function routesOfProvider(id: string): readonly EndpointRoute[] {
  return byId.get(id)?.routes ?? OPENAI_COMPATIBLE_ROUTES;
}

/** The registry row whose host matches, if any. */
export function findProviderByHost(hostname: string): ProviderDefinition | undefined {
  const host = hostname.toLowerCase();
  return PROVIDER_REGISTRY.find(
    (row) => row.hosts.includes(host) || (row.hostPatterns ?? []).some((pattern) => pattern.test(host)),
  );
}
