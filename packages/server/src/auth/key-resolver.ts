import { timingSafeEqual } from "node:crypto";
import type { ApiKeyRecord, KeyStore } from "@burnrate/storage";
import { hashApiKey, looksLikeApiKey } from "./api-key.js";

export type KeyResolution = { ok: true; key: ApiKeyRecord } | { ok: false; reason: "unknown" | "revoked" };

interface CacheEntry {
  record: ApiKeyRecord | undefined;
  expiresAt: number;
}

/**
 * Finds the record of a presented key by its HMAC (one indexed lookup), compares the hashes in
 * constant time, and caches the answer briefly so a revocation made anywhere (another instance,
 * the CLI) takes effect within `ttlMs`.
 */
export class KeyResolver {
  readonly #cache = new Map<string, CacheEntry>();

  constructor(
    private readonly keys: KeyStore,
    private readonly secret: string,
    private readonly ttlMs = 2000,
    private readonly maxCached = 10_000,
  ) {}

  async resolve(presented: string, now = Date.now()): Promise<KeyResolution> {
    if (!looksLikeApiKey(presented)) return { ok: false, reason: "unknown" };
    const keyHash = hashApiKey(this.secret, presented);
    let cached = this.#cache.get(keyHash);
    if (cached === undefined || cached.expiresAt <= now) {
      if (this.#cache.size >= this.maxCached) this.#cache.clear();
      cached = { record: await this.keys.findByHash(keyHash), expiresAt: now + this.ttlMs };
      this.#cache.set(keyHash, cached);
    }
    const record = cached.record;
    if (
      record === undefined ||
      !timingSafeEqual(Buffer.from(record.keyHash, "hex"), Buffer.from(keyHash, "hex"))
    ) {
      return { ok: false, reason: "unknown" };
    }
    if (record.revokedAt !== undefined && record.revokedAt <= now) return { ok: false, reason: "revoked" };
    return { ok: true, key: record };
  }
}
