import type { EndpointFamily, EndpointRoute, StreamFraming } from "./endpoint-routes.js";
import { findProviderByHost, routesOfProvider } from "./registry.js";
import type { UsageShapeName } from "./usage-shapes.js";

/** A recognized provider call: who, which API, how to read its usage. */
export interface ProviderCall {
  provider: string;
  family: EndpointFamily;
  shape: UsageShapeName;
  operation: "llm_call" | "embedding";
  /** The model the URL names (Gemini, Vertex, Bedrock; an Azure deployment), a fallback only. */
  urlModel?: string;
  /** The framing of a streamed response that does not announce SSE. */
  streamFraming?: StreamFraming;
}

/** Base URLs of other endpoints (a gateway, a self-hosted model, a mock) mapped to a provider id. */
export type CustomProviders = Readonly<Record<string, string>>;

function modelFromPath(route: EndpointRoute, match: RegExpMatchArray): string | undefined {
  if (route.modelGroup === undefined) return undefined;
  const raw = match[route.modelGroup];
  if (raw === undefined) return undefined;
  let model: string;
  try {
    model = decodeURIComponent(raw);
  } catch {
    model = raw;
  }
  // A Bedrock ARN names the model (or inference profile) after its last slash.
  if (model.startsWith("arn:")) model = model.slice(model.lastIndexOf("/") + 1);
  return model === "" ? undefined : model;
}

function matchRoute(provider: string, routes: readonly EndpointRoute[], url: URL): ProviderCall | undefined {
  const path = url.pathname.replace(/\/+$/, "");
  for (const route of routes) {
    const match = path.match(route.path);
    if (match === null) continue;
    const urlModel = modelFromPath(route, match);
    let streamFraming = route.streamFraming;
    if (route.family === "stream_generate_content" && url.searchParams.get("alt") === "sse")
      streamFraming = "sse";
    return {
      provider,
      family: route.family,
      shape: route.shape,
      operation: route.family === "embeddings" ? "embedding" : "llm_call",
      ...(urlModel === undefined ? {} : { urlModel }),
      ...(streamFraming === undefined ? {} : { streamFraming }),
    };
  }
  return undefined;
}

function isUnder(url: URL, baseUrl: string): boolean {
  const base = baseUrl.replace(/\/+$/, "");
  const href = url.href;
  return href === base || href.startsWith(`${base}/`) || href.startsWith(`${base}?`);
}

/**
 * Recognizes a provider call by host and path, first against the caller's own base URLs (the
 * longest matching one wins), then against the registry. Pure: no I/O.
 */
export function detectProviderCall(
  url: URL,
  customProviders: CustomProviders = {},
): ProviderCall | undefined {
  const custom = Object.keys(customProviders)
    .filter((base) => isUnder(url, base))
    .sort((a, b) => b.length - a.length)[0];
  if (custom !== undefined) {
    const provider = customProviders[custom]!;
    return matchRoute(provider, routesOfProvider(provider), url);
  }
  const row = findProviderByHost(url.hostname);
  return row === undefined ? undefined : matchRoute(row.id, row.routes, url);
}
