import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveDatabaseUrl } from "./database-url.js";
import { resolveServerConfig } from "./server-config.js";

test("--database-url wins over BURNRATE_DATABASE_URL; unset or empty means SQLite", () => {
  const env = { BURNRATE_DATABASE_URL: "postgres://env@db/burnrate" };
  assert.equal(resolveDatabaseUrl("postgresql://flag@db/burnrate", env), "postgresql://flag@db/burnrate");
  assert.equal(resolveDatabaseUrl(undefined, env), "postgres://env@db/burnrate");
  assert.equal(resolveDatabaseUrl(undefined, { BURNRATE_DATABASE_URL: " " }), undefined);
  assert.equal(resolveServerConfig({}, {}).databaseUrl, undefined);
  assert.equal(resolveServerConfig({}, env).databaseUrl, "postgres://env@db/burnrate");
});

test("a URL that is not postgres:// is refused without showing its password", () => {
  assert.throws(
    () => resolveDatabaseUrl(undefined, { BURNRATE_DATABASE_URL: "mysql://root:hunter22@db/x" }),
    (error: Error) =>
      /BURNRATE_DATABASE_URL must be a postgres:\/\/ URL/.test(error.message) &&
      !error.message.includes("hunter22"),
  );
  assert.throws(
    () => resolveDatabaseUrl("not a url:hunter22"),
    (error: Error) => !error.message.includes("hunter22"),
  );
});
