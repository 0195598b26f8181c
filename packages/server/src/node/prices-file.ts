import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EMPTY_USER_PRICES, parseUserPrices, type UserPrices } from "@burnrate/core";

export const PRICES_FILE = "prices.json";

/** The user's prices file: BURNRATE_PRICES_FILE, else prices.json in the data dir. */
export function resolvePricesFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.BURNRATE_PRICES_FILE ? resolve(env.BURNRATE_PRICES_FILE) : join(dataDir, PRICES_FILE);
}

export class PricesFileError extends Error {
  override readonly name = "PricesFileError";
}

/** Reads and validates the prices file; a missing file is no user prices. Throws PricesFileError naming the bad field. */
export function readPricesFile(file: string): UserPrices {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_USER_PRICES;
    throw new PricesFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PricesFileError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseUserPrices(json);
  if (!parsed.ok) throw new PricesFileError(`${file}: ${parsed.error}`);
  return parsed.prices;
}

/** Writes the prices file atomically (a temp file renamed over it), so a running server never reads half of it. */
export function writePricesFile(file: string, prices: UserPrices): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(prices, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** What identifies a version of the file on disk, to notice edits cheaply. */
export function pricesFileStamp(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return "absent";
  }
}
