import { createHmac, randomBytes, randomUUID } from "node:crypto";

/** Every burnrate API key starts with this, so leaked keys are easy to scan for. */
export const API_KEY_PREFIX = "br_";
const KEY_SHAPE = /^br_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): { id: string; key: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { id: `key_${randomUUID().replaceAll("-", "").slice(0, 16)}`, key, prefix: key.slice(0, 10) };
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

/** HMAC-SHA-256(server secret, key), hex: the only form in which a key is stored. */
export function hashApiKey(secret: string, key: string): string {
  return createHmac("sha256", secret).update(key).digest("hex");
}
