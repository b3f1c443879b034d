import { formatNumber } from './format';

/** "1 institution", "2 institutioner", "1.200 institutioner": a count with the noun that fits it. */
export function countOf(n: number, singular: string, plural: string): string {
  return `${formatNumber(n, { decimals: 0 })} ${n === 1 ? singular : plural}`;
}
