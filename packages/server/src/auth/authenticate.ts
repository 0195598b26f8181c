import { ERROR_CODES, HEADER_API_KEY } from "@burnrate/core";
import type { ApiKeyScope } from "@burnrate/storage";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";
import { HttpError } from "../http/http-error.js";

function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const direct = header(HEADER_API_KEY)?.trim();
  if (direct) return direct;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header("authorization") ?? "");
  return match?.[1];
}

/**
 * Authenticates the request and checks that the key's scope allows it.
 * `admin` keys may do anything in their project; `ingest` and `read` only what they name.
 */
export function requireScope(...allowed: ApiKeyScope[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = presentedKey((name) => c.req.header(name));
    if (key === undefined) {
      throw new HttpError(
        401,
        ERROR_CODES.unauthenticated,
        "missing API key: send it in the x-api-key header or as Authorization: Bearer <key>",
      );
    }
    const resolution = await c.var.keyResolver.resolve(key);
    if (!resolution.ok) {
      const message = resolution.reason === "revoked" ? "this API key has been revoked" : "invalid API key";
      throw new HttpError(401, ERROR_CODES.unauthenticated, message);
    }
    const { scope } = resolution.key;
    if (scope !== "admin" && !allowed.includes(scope)) {
      throw new HttpError(
        403,
        ERROR_CODES.forbidden,
        `this API key has the "${scope}" scope; this endpoint needs ${[...allowed, "admin"].map((s) => `"${s}"`).join(" or ")}`,
      );
    }
    c.set("apiKey", resolution.key);
    await next();
  });
}
