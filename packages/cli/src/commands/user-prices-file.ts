import { createEventPricer, nanosToUsd, type UserPrices } from "@burnrate/core";
import { PricesFileError, readPricesFile, resolveDataDir, resolvePricesFile } from "@burnrate/server";
import { CliError } from "../cli-error.js";
import type { DataDirOptions } from "../open-data-dir.js";

/** The data dir's prices file (BURNRATE_PRICES_FILE overrides it), validated; exit 1 naming the bad field. */
export function loadUserPrices(options: DataDirOptions): { file: string; prices: UserPrices } {
  const file = resolvePricesFile(resolveDataDir(options.dataDir));
  try {
    return { file, prices: readPricesFile(file) };
  } catch (error) {
    if (error instanceof PricesFileError) throw new CliError(error.message, 1);
    throw error;
  }
}

/** The pricer the server would use on this data dir: built-in prices plus the user's. */
export const pricerFor = (options: DataDirOptions) =>
  createEventPricer({ userPrices: loadUserPrices(options).prices });

export const usd = (nanos: number) => `$${nanosToUsd(nanos).toFixed(6)}`;
