import type { PriceBookData, PriceBookModel } from "./price-book-data.js";

export interface FamilyMember {
  upstreamProvider: string;
  model: PriceBookModel;
}

export interface ModelFamily {
  /** The shared prefix, e.g. `gpt-5` for `gpt-5-mega`. */
  prefix: string;
  members: FamilyMember[];
}

const BOUNDARY = /[-./:@]/;
/** Bedrock ids carry a geography (`us.`, `global.`) and the price book a `regional.`; neither names a family. */
const BEDROCK_GEOGRAPHY = /^(?:us|eu|apac|au|jp|ca|in|global|regional|us-gov)\./;

/** The part of an id that names the model family: without a Bedrock geography. */
function familyKey(upstreamProvider: string, id: string): string {
  const lower = id.toLowerCase();
  return upstreamProvider === "aws" ? lower.replace(BEDROCK_GEOGRAPHY, "") : lower;
}

/**
 * Where the family name starts: after a `vendor/` (OpenRouter) or a Bedrock `vendor.`, so a
 * family is never just a vendor. At least the first segment of the model name must be shared.
 */
function shortestFamilyLength(upstreamProvider: string, key: string): number {
  let start = key.lastIndexOf("/") + 1;
  if (upstreamProvider === "aws") start = Math.max(start, key.indexOf(".") + 1);
  const rest = key.slice(start);
  const firstBoundary = rest.slice(1).search(BOUNDARY);
  return start + (firstBoundary < 0 ? rest.length : firstBoundary + 1);
}

function sharesPrefix(key: string, prefix: string): boolean {
  return key === prefix || (key.startsWith(prefix) && BOUNDARY.test(key[prefix.length]!));
}

/**
 * The family of a model id that has no exact price: the price-book models (of the provider and
 * its fallbacks) that share the longest prefix of the id, cut at a `-`, `.`, `/`, `:` or `@`.
 * `gpt-5-mega` → every `gpt-5…` model; `claude-sonnet-9` → every `claude-sonnet…` model.
 * Undefined when not even the first segment of the model name is shared.
 */
export function findModelFamily(
  book: PriceBookData,
  upstreamProviders: readonly string[],
  normalizedId: string,
): ModelFamily | undefined {
  const keyed = upstreamProviders.flatMap((upstreamProvider) =>
    (book.providers[upstreamProvider]?.models ?? []).map((model) => ({
      member: { upstreamProvider, model },
      key: familyKey(upstreamProvider, model.id),
    })),
  );
  const upstream = upstreamProviders[0] ?? "";
  const key = familyKey(upstream, normalizedId);
  const shortest = shortestFamilyLength(upstream, key);
  for (let end = key.length; end >= shortest; end -= 1) {
    if (end < key.length && !BOUNDARY.test(key[end]!)) continue;
    const prefix = key.slice(0, end);
    const members = keyed.filter((candidate) => sharesPrefix(candidate.key, prefix));
    if (members.length > 0) return { prefix, members: members.map((candidate) => candidate.member) };
  }
  return undefined;
}
