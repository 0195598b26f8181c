import { createEventPricer, type EventPrice, type PricedFields, type UserPrices } from "@burnrate/core";
import { PricesFileError, pricesFileStamp, readPricesFile } from "./prices-file.js";

export const PRICES_RELOAD_INTERVAL_MS = 2000;

/**
 * Keeps the server's pricer in step with the prices file: `burnrate prices set` takes effect
 * within the reload interval without a restart. A file that turns invalid is reported once and
 * the last good prices stay in force. Startup with an invalid file throws.
 */
export class UserPricesWatcher {
  #stamp: string;
  #pricer: (event: PricedFields) => EventPrice;
  #timer: NodeJS.Timeout;
  readonly #onError: (message: string) => void;

  constructor(
    readonly file: string,
    options: { intervalMs?: number; onError?: (message: string) => void } = {},
  ) {
    this.#onError = options.onError ?? ((message) => console.error(`burnrate: ${message}`));
    this.#stamp = pricesFileStamp(file);
    this.#pricer = pricerFor(readPricesFile(file));
    this.#timer = setInterval(() => this.reload(), options.intervalMs ?? PRICES_RELOAD_INTERVAL_MS);
    this.#timer.unref();
  }

  readonly priceEvent = (event: PricedFields): EventPrice => this.#pricer(event);

  /** Re-reads the file if it changed. */
  reload(): void {
    const stamp = pricesFileStamp(this.file);
    if (stamp === this.#stamp) return;
    this.#stamp = stamp;
    try {
      this.#pricer = pricerFor(readPricesFile(this.file));
    } catch (error) {
      if (!(error instanceof PricesFileError)) throw error;
      this.#onError(`${error.message}; keeping the prices in force`);
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

const pricerFor = (userPrices: UserPrices) => createEventPricer({ userPrices });
