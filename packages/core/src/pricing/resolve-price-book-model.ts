import { type MatchStrength, matchModelRule } from "./match-model-rule.js";
import type { PriceBookData, PriceBookModel } from "./price-book-data.js";

/** Our provider ids → the upstream provider whose prices apply (docs/pricing.md). */
export const UPSTREAM_PRICE_PROVIDERS: Readonly<Record<string, string>> = {
  openai: "openai",
  "azure-openai": "azure",
  anthropic: "anthropic",
  gemini: "google",
  vertex: "google",
  openrouter: "openrouter",
  mistral: "mistral",
  deepseek: "deepseek",
  xai: "x-ai",
  groq: "groq",
  together: "together",
  fireworks: "fireworks",
  cohere: "cohere",
  bedrock: "aws",
};

export interface PriceBookMatch {
  model: PriceBookModel;
  upstreamProvider: string;
  strength: MatchStrength;
  /** The id that was matched, after normalization. */
  normalizedModel: string;
}

const VENDOR_PREFIXES: Readonly<Record<string, RegExp>> = {
  openai: /^openai\//,
  anthropic: /^anthropic\//,
  gemini: /^(?:google\/|publishers\/google\/models\/)/,
  vertex: /^(?:google\/|publishers\/google\/models\/|publishers\/anthropic\/models\/)/,
  mistral: /^mistral(?:ai)?\//,
  deepseek: /^deepseek\//,
  xai: /^x-?ai\//,
  cohere: /^cohere\//,
};

/**
 * The model id as price books write it: trimmed, lowercased, without `models/` (Gemini), a vendor
 * prefix the provider itself does not use, or a Bedrock ARN / URL encoding around the model id.
 */
export function normalizeWireModel(provider: string, wireModel: string): string {
  let id = wireModel.trim().toLowerCase();
  if (provider === "bedrock") {
    try {
      id = decodeURIComponent(id);
    } catch {}
    if (id.startsWith("arn:")) id = id.slice(id.lastIndexOf("/") + 1);
  }
  id = id.replace(/^models\//, "");
  return id.replace(VENDOR_PREFIXES[provider] ?? /^$/, "");
}

function findIn(book: PriceBookData, upstream: string, id: string, at: number): PriceBookMatch | undefined {
  let loose: PriceBookMatch | undefined;
  for (const model of book.providers[upstream]?.models ?? []) {
    const strength = model.id.toLowerCase() === id ? "exact" : matchModelRule(model.match, id, at);
    if (strength === "exact") return { model, upstreamProvider: upstream, strength, normalizedModel: id };
    if (strength === "loose") loose ??= { model, upstreamProvider: upstream, strength, normalizedModel: id };
  }
  return loose;
}

/**
 * Finds the price-book model for a call: the provider first (never guessed from the model),
 * then its upstream fallbacks (e.g. azure → openai). An exact match anywhere beats a loose one;
 * a loose match is returned as such so the caller prices it as FALLBACK_ECONOMICS.
 */
export function resolvePriceBookModel(
  book: PriceBookData,
  provider: string,
  wireModel: string,
  at: number,
): PriceBookMatch | undefined {
  const upstream = UPSTREAM_PRICE_PROVIDERS[provider];
  if (upstream === undefined) return undefined;
  const id = normalizeWireModel(provider, wireModel);
  const candidates = [id];
  // Upstream's own rule: a -YYYYMMDD snapshot may be written -YYYY-MM-DD in the book.
  const dated = /-(\d{4})(\d{2})(\d{2})$/.exec(id);
  if (dated) candidates.push(`${id.slice(0, dated.index)}-${dated[1]}-${dated[2]}-${dated[3]}`);
  const providers = [upstream, ...(book.providers[upstream]?.fallbackProviders ?? [])];
  let loose: PriceBookMatch | undefined;
  for (const upstreamProvider of providers) {
    for (const candidate of candidates) {
      const found = findIn(book, upstreamProvider, candidate, at);
      if (found?.strength === "exact") return found;
      loose ??= found;
    }
  }
  return loose;
}
