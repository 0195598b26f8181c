import { findModelFamily, type ModelFamily } from "./find-model-family.js";
import type { PriceBookData } from "./price-book-data.js";
import {
  normalizeWireModel,
  type PriceBookMatch,
  resolvePriceBookModel,
  UPSTREAM_PRICE_PROVIDERS,
} from "./resolve-price-book-model.js";
import { effectiveFromMs, type UserModelPrice, type UserPrices } from "./user-prices.js";

/** Everything that can price one (provider, wire model) on one day, found once and memoized. */
export interface ModelPrices {
  /** The model id after normalization and aliases: what was looked up. */
  model: string;
  /** Set when a user alias renamed the wire id (an Azure deployment, a self-hosted name). */
  aliasedFrom?: string;
  /** The user's prices for this model, oldest effective date first. */
  userPrices: UserModelPrice[];
  book?: PriceBookMatch;
  /** For a loose match or no match: the family whose dearest member bounds the cost. */
  family?: ModelFamily;
}

/**
 * Resolves a wire model for pricing: aliases first (user config), then the user's own prices,
 * then the price book through the provider's upstream (exact beats loose), then the family.
 */
export function resolveModelPrices(
  book: PriceBookData,
  user: UserPrices,
  provider: string,
  wireModel: string,
  at: number,
): ModelPrices {
  let model = normalizeWireModel(provider, wireModel);
  let aliasedFrom: string | undefined;
  const alias = user.aliases.find(
    (candidate) => candidate.provider === provider && normalizeWireModel(provider, candidate.from) === model,
  );
  if (alias !== undefined) {
    aliasedFrom = model;
    model = normalizeWireModel(provider, alias.to);
  }
  const userPrices = user.models
    .filter((price) => price.provider === provider && normalizeWireModel(provider, price.model) === model)
    .sort((a, b) => effectiveFromMs(a.effectiveFrom) - effectiveFromMs(b.effectiveFrom));
  const found: ModelPrices = { model, userPrices };
  if (aliasedFrom !== undefined) found.aliasedFrom = aliasedFrom;
  const bookMatch = resolvePriceBookModel(book, provider, model, at);
  if (bookMatch !== undefined) found.book = bookMatch;
  if (bookMatch?.strength !== "exact") {
    const upstream = UPSTREAM_PRICE_PROVIDERS[provider];
    if (upstream !== undefined) {
      const upstreams = [upstream, ...(book.providers[upstream]?.fallbackProviders ?? [])];
      const family = findModelFamily(book, upstreams, bookMatch?.normalizedModel ?? model);
      if (family !== undefined) found.family = family;
    }
  }
  return found;
}
