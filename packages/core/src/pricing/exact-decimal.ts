/** Scale of the exact amounts the cost engine sums: 1e-12 dollars (a picodollar). */
const PICO_DIGITS = 12;

/**
 * Parses a decimal dollar figure ("2.50", 0.075, "1e-7") into integer picodollars, exactly.
 * Throws on anything that is not a finite, non-negative decimal with at most 12 places.
 */
export function dollarsToPicos(value: string | number): bigint {
  const text = typeof value === "number" ? numberToPlainDecimal(value) : value.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null) throw new RangeError(`not a non-negative decimal dollar amount: ${String(value)}`);
  const fraction = match[2] ?? "";
  if (fraction.replace(/0+$/, "").length > PICO_DIGITS) {
    throw new RangeError(`more than ${PICO_DIGITS} decimal places: ${String(value)}`);
  }
  return (
    BigInt(match[1]!) * 10n ** BigInt(PICO_DIGITS) +
    BigInt(fraction.padEnd(PICO_DIGITS, "0").slice(0, PICO_DIGITS) || "0")
  );
}

function numberToPlainDecimal(value: number): string {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`not a non-negative finite number: ${value}`);
  // toFixed(20) would show binary noise; the shortest round-trip form is what the author wrote.
  const shortest = String(value);
  if (!/e/i.test(shortest)) return shortest;
  return value
    .toFixed(PICO_DIGITS + 6)
    .replace(/0+$/, "")
    .replace(/\.$/, "");
}

/** Integer picodollars back to an exact decimal dollar string ("6", "0.375"). */
export function picosToDollars(picos: bigint): string {
  const scale = 10n ** BigInt(PICO_DIGITS);
  const fraction = (picos % scale).toString().padStart(PICO_DIGITS, "0").replace(/0+$/, "");
  return fraction === "" ? String(picos / scale) : `${picos / scale}.${fraction}`;
}
