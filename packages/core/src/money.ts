/**
 * Money is kept as integer nano-dollars (1 USD = 1e9 nanos) so that sums are exact.
 * One token of the cheapest priced models costs a few nano-dollars, so no precision
 * that a price can express is lost; client-supplied figures are rounded to 1e-9 USD.
 */
export const NANOS_PER_USD = 1_000_000_000;

export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}
