import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SECRET_FILE = "secret";

/**
 * The server secret: BURNRATE_SECRET when set, else the `secret` file of the data dir,
 * created on first start with mode 0600. Losing it invalidates every API key.
 */
export function loadServerSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.BURNRATE_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error("BURNRATE_SECRET must be at least 16 characters");
    return fromEnv;
  }
  const file = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}
