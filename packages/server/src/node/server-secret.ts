import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SECRET_FILE = "secret";
/** A one-way fingerprint of the secret the data dir was first used with, to catch a mismatch early. */
export const SECRET_FINGERPRINT_FILE = "secret.fingerprint";

function fingerprintOf(secret: string): string {
  return createHash("sha256").update(`burnrate-secret-fingerprint\n${secret}`).digest("hex").slice(0, 32);
}

function readSecretFile(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file) && existsSync(join(dataDir, SECRET_FINGERPRINT_FILE))) {
    throw new Error(
      `${dataDir} was set up with BURNRATE_SECRET: set the same BURNRATE_SECRET here too (a new secret would invalidate every key)`,
    );
  }
  try {
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

/**
 * The server secret: BURNRATE_SECRET when set, else the `secret` file of the data dir,
 * created on first start with mode 0600. Losing it invalidates every API key. The data dir
 * is created 0700, and the secret's fingerprint is kept in it, so the CLI or a second server
 * started with another secret stops with a clear message instead of minting dead keys.
 */
export function loadServerSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fromEnv = env.BURNRATE_SECRET?.trim();
  if (fromEnv !== undefined && fromEnv !== "" && fromEnv.length < 16) {
    throw new Error("BURNRATE_SECRET must be at least 16 characters");
  }
  const secret = fromEnv ? fromEnv : readSecretFile(dataDir);
  const fingerprintFile = join(dataDir, SECRET_FINGERPRINT_FILE);
  const fingerprint = fingerprintOf(secret);
  if (!existsSync(fingerprintFile)) writeFileSync(fingerprintFile, `${fingerprint}\n`, { mode: 0o600 });
  else if (readFileSync(fingerprintFile, "utf8").trim() !== fingerprint) {
    throw new Error(
      `the server secret is not the one ${dataDir} was set up with: ${fromEnv ? "check BURNRATE_SECRET" : "set BURNRATE_SECRET as the server has it"}`,
    );
  }
  return secret;
}
