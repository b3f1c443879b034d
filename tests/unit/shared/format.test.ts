import { describe, expect, it } from 'vitest';
import { exactMean, formatFraction, formatMean, formatMeanDifference, formatNumber } from '../../../shared/format';

describe('formatFraction: an average of whole steps, rounded half up on the exact fraction', () => {
  it.each([
    [107, 40, '2,68'], // 2.675: toFixed says 2,67
    [96, 40, '2,40'],
    [104, 40, '2,60'],
    [8, 3, '2,67'],
    [7, 3, '2,33'],
    [5, 2, '2,50'],
    [1, 8, '0,13'], // 0.125
    [3, 8, '0,38'], // 0.375
    [0, 5, '0,00'],
    [-107, 40, '-2,68'], // away from zero, like Excel's ROUND
    [16_000, 4_000, '4,00'],
  ])('%i / %i → %s', (sum, n, text) => {
    expect(formatFraction(sum, n)).toBe(text);
  });

  it('binary toFixed really is wrong here (the reason for this module)', () => {
    expect((107 / 40).toFixed(2)).toBe('2.67');
  });

  it('n = 0 shows a dash; other precisions', () => {
    expect(formatFraction(0, 0)).toBe('–');
    expect(formatFraction(107, 40, { decimals: 1 })).toBe('2,7');
    expect(formatFraction(107, 40, { decimals: 3 })).toBe('2,675');
    expect(formatFraction(2, 3, { decimals: 0 })).toBe('1');
  });
});

describe('formatMean', () => {
  it('with n: recovers the fraction from the float mean', () => {
    expect(formatMean(107 / 40, 40)).toBe('2,68');
    expect(formatMean(2.675, 40)).toBe('2,68');
    expect(formatMean(1 / 8, 8)).toBe('0,13');
  });
  it('without n: rounds the decimal value half up', () => {
    expect(formatMean(2.675)).toBe('2,68');
    expect(formatMean(3)).toBe('3,00');
    expect(formatMean(2.4)).toBe('2,40');
    expect(formatMean(null)).toBe('–');
    expect(formatMean(undefined, 5)).toBe('–');
  });
  it('a mean that is not sum / n of whole steps is rounded on its decimal value', () => {
    expect(formatMean(2.4444, 3)).toBe('2,44');
  });
});

describe('formatNumber', () => {
  it.each([
    [1.005, 2, '1,01'], // 1.005.toFixed(2) is "1.00"
    [1.005, 0, '1'],
    [0.5, 0, '1'],
    [2.5, 0, '3'],
    [-0.5, 0, '-1'],
    [-0.001, 2, '0,00'],
    [4000, 0, '4.000'],
    [1234567.891, 2, '1.234.567,89'],
    [1e21, 0, '1.000.000.000.000.000.000.000'],
    [1.5e-7, 2, '0,00'],
    [12, 1, '12,0'],
  ])('%d with %i decimals → %s', (value, decimals, text) => {
    expect(formatNumber(value, { decimals })).toBe(text);
  });
  it('without grouping; empty values', () => {
    expect(formatNumber(4000, { decimals: 0, grouping: false })).toBe('4000');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(Number.NaN, { empty: '' })).toBe('');
  });
});

describe('formatMeanDifference: exact difference of two means', () => {
  it('signs and zero', () => {
    expect(formatMeanDifference({ mean: 3, n: 1 }, { mean: 107 / 40, n: 40 })).toBe('+0,33'); // 0.325 exactly
    expect(formatMeanDifference({ mean: 2, n: 1 }, { mean: 107 / 40, n: 40 })).toBe('\u22120,68'); // −0.675 exactly
    expect(formatMeanDifference({ mean: 2.4, n: 40 }, { mean: 2.4, n: 5 })).toBe('0,00');
  });
  it('float subtraction would say 0,67 where the exact difference is 0,675', () => {
    expect((107 / 40 - 2).toFixed(2)).toBe('0.67');
    expect(formatMeanDifference({ mean: 107 / 40, n: 40 }, { mean: 2, n: 1 })).toBe('+0,68');
  });
});

describe('exactMean (for exports)', () => {
  it('sum and n from the step counts', () => {
    expect(exactMean({ 1: 2, 2: 14, 3: 19, 4: 5 })).toEqual({ mean: 107 / 40, sum: 107, n: 40 });
    expect(exactMean({ 1: 0, 2: 0, 3: 0, 4: 0 })).toEqual({ mean: null, sum: 0, n: 0 });
  });
});
