/**
 * Numbers for people, the way Danish reports and Excel write them: a decimal comma, "." between
 * thousands, and rounding half up (away from zero) on the exact value.
 *
 * Why not toFixed: binary floating point cannot hold most decimals, so 107/40 = 2.675 is stored as
 * 2.67499999… and toFixed(2) gives "2.67", while anyone checking by hand (or Excel's ROUND) gets 2,68.
 * An average of whole steps is a fraction sum / n, so we round that fraction in integer arithmetic
 * (BigInt). Other numbers are rounded on their shortest decimal form (what String(x) shows), which
 * is the decimal the value was written as.
 */

import { currentLocale } from './i18n/i18n';

const MINUS = '-';

/** The decimal and thousands marks of a locale, from Intl (da-DK: "," and "."; en-GB: "." and ","). */
const SEPARATORS = new Map<string, { decimal: string; group: string }>();
function separators(): { decimal: string; group: string } {
  const locale = currentLocale();
  let found = SEPARATORS.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234.5);
    found = { decimal: parts.find((p) => p.type === 'decimal')?.value ?? ',', group: parts.find((p) => p.type === 'group')?.value ?? '.' };
    SEPARATORS.set(locale, found);
  }
  return found;
}
/** The minus of a signed difference in running text ("−0,12"), as the dashboard writes it. */
export const DIFFERENCE_MINUS = '\u2212';

export interface NumberFormatOptions {
  /** Digits after the comma (always shown, 0 → no comma). Default 2. */
  decimals?: number;
  /** "." between thousands: 4.000. Default true. */
  grouping?: boolean;
  /** Shown for null, undefined or NaN. Default "–". */
  empty?: string;
}

/** round(numerator / denominator × 10^decimals), half away from zero, exactly. */
function roundFraction(numerator: bigint, denominator: bigint, decimals: number): bigint {
  if (denominator === 0n) throw new RangeError('Division med 0');
  const negative = numerator < 0n !== denominator < 0n;
  const num = (numerator < 0n ? -numerator : numerator) * 10n ** BigInt(decimals);
  const den = denominator < 0n ? -denominator : denominator;
  const q = (2n * num + den) / (2n * den);
  return negative ? -q : q;
}

/** A finite number as an exact fraction of integers, from its shortest decimal form (2.675 → 2675/1000). */
function decimalFraction(value: number): [bigint, bigint] {
  const [mantissa, exponentText] = Math.abs(value).toString().split('e') as [string, string | undefined];
  const [intPart, fracPart = ''] = mantissa.split('.') as [string, string | undefined];
  const exponent = Number(exponentText ?? 0) - fracPart.length;
  let num = BigInt(intPart + fracPart);
  let den = 1n;
  if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den = 10n ** BigInt(-exponent);
  return [value < 0 ? -num : num, den];
}

/** A rounded, scaled integer (value × 10^decimals) written with a comma and thousand points. */
function writeScaled(scaled: bigint, decimals: number, grouping: boolean): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  let intPart = digits.slice(0, digits.length - decimals);
  const fracPart = digits.slice(digits.length - decimals);
  const { decimal, group } = separators();
  if (grouping) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const text = decimals > 0 ? `${intPart}${decimal}${fracPart}` : intPart;
  // "-0,00" is not a number anyone writes.
  return negative && /[1-9]/.test(digits) ? MINUS + text : text;
}

/** sum / n rounded half up, e.g. formatFraction(107, 40) → "2,68". "–" when n = 0. */
export function formatFraction(sum: number, n: number, options: NumberFormatOptions = {}): string {
  const { decimals = 2, grouping = true, empty = '–' } = options;
  if (!n || !Number.isInteger(sum) || !Number.isInteger(n)) return n === 0 ? empty : formatNumber(sum / n, options);
  return writeScaled(roundFraction(BigInt(sum), BigInt(n), decimals), decimals, grouping);
}

/** Any number, rounded half up on its decimal value: formatNumber(2.675) → "2,68", formatNumber(4000, { decimals: 0 }) → "4.000". */
export function formatNumber(value: number | null | undefined, options: NumberFormatOptions = {}): string {
  const { decimals = 2, grouping = true, empty = '–' } = options;
  if (value === null || value === undefined || !Number.isFinite(value)) return empty;
  const [num, den] = decimalFraction(value);
  return writeScaled(roundFraction(num, den, decimals), decimals, grouping);
}

/**
 * The sum of whole steps behind a mean of n of them (mean × n is an integer up to float noise), or
 * null when the mean is not such a fraction.
 */
function wholeSum(mean: number, n: number): number | null {
  const sum = Math.round(mean * n);
  return Math.abs(mean * n - sum) < 1e-6 ? sum : null;
}

/**
 * An average for display with two decimals: "2,68". Pass n (the institutions behind it, shown beside
 * it anyway) and the mean is rounded as the exact fraction sum / n; without n, on its decimal value.
 */
export function formatMean(mean: number | null | undefined, n?: number | null): string {
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return '–';
  const sum = n ? wholeSum(mean, n) : null;
  return sum !== null && n ? formatFraction(sum, n) : formatNumber(mean);
}

/** The exact value of a mean, with sum and n, for exports that let a BI tool compute its own. */
export interface ExactMean {
  /** sum / n as a JavaScript number (full precision, never rounded for display). */
  mean: number | null;
  sum: number;
  n: number;
}

export function exactMean(counts: Readonly<Record<1 | 2 | 3 | 4, number>>): ExactMean {
  const n = counts[1] + counts[2] + counts[3] + counts[4];
  const sum = counts[1] + 2 * counts[2] + 3 * counts[3] + 4 * counts[4];
  return { mean: n ? sum / n : null, sum, n };
}

/**
 * a − b of two means, each given with its n, as a signed difference: "+0,25", "−0,13", "0,00".
 * Computed as one exact fraction (sa·nb − sb·na) / (na·nb), so it never lands on the wrong side of a half.
 */
export function formatMeanDifference(a: { mean: number; n: number }, b: { mean: number; n: number }): string {
  const sa = wholeSum(a.mean, a.n);
  const sb = wholeSum(b.mean, b.n);
  const scaled =
    sa !== null && sb !== null && a.n && b.n
      ? roundFraction(BigInt(sa) * BigInt(b.n) - BigInt(sb) * BigInt(a.n), BigInt(a.n) * BigInt(b.n), 2)
      : roundFraction(...subtractDecimals(a.mean, b.mean), 2);
  const text = writeScaled(scaled < 0n ? -scaled : scaled, 2, true);
  return scaled > 0n ? `+${text}` : scaled < 0n ? `${DIFFERENCE_MINUS}${text}` : text;
}

function subtractDecimals(a: number, b: number): [bigint, bigint] {
  const [na, da] = decimalFraction(a);
  const [nb, db] = decimalFraction(b);
  return [na * db - nb * da, da * db];
}
