import { describe, expect, it } from 'vitest';
import { compareIsoDates, formatDanishDate, monthsBefore, todayIso } from '../../../shared/dates';
import { UUID_V7, uuidv7 } from '../../../shared/ids';

describe('uuidv7', () => {
  it('has the RFC 9562 version-7 format', () => {
    for (let i = 0; i < 100; i++) expect(uuidv7()).toMatch(UUID_V7);
  });

  it('carries the timestamp in the first 48 bits', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const id = uuidv7(now);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
    expect(id.slice(0, 13)).toBe('01a20846-fe00');
    expect(uuidv7(0).slice(0, 13)).toBe('00000000-0000');
  });

  it('sorts by creation time when the milliseconds differ', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_001_000, 1_800_000_000_000].map((t) => uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is unique', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(now)));
    expect(ids.size).toBe(1000);
  });
});

describe('dates', () => {
  it('formats Danish dates', () => {
    expect(formatDanishDate('2025-03-03')).toBe('3. marts 2025');
    expect(formatDanishDate('2026-11-23')).toBe('23. november 2026');
    expect(formatDanishDate('2021-01-01')).toBe('1. januar 2021');
  });

  it('goes back whole calendar months, clamping to the month end', () => {
    expect(monthsBefore('2026-11-23', 24)).toBe('2024-11-23');
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2028-02-29', 24)).toBe('2026-02-28');
    expect(monthsBefore('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('orders ISO dates in calendar order, none first, as a collation would', () => {
    const dates = ['2026-11-23', '', '2025-12-31', '2026-01-05', '2026-11-23', '2019-06-01'];
    expect([...dates].sort(compareIsoDates)).toEqual(['', '2019-06-01', '2025-12-31', '2026-01-05', '2026-11-23', '2026-11-23']);
    expect([...dates].sort(compareIsoDates)).toEqual([...dates].sort((a, b) => a.localeCompare(b, 'da')));
    expect(compareIsoDates('2026-11-23', '2026-11-23')).toBe(0);
  });

  it('gives today as a local calendar date', () => {
    expect(todayIso(new Date(2026, 10, 23, 23, 59))).toBe('2026-11-23');
    expect(todayIso(new Date(2026, 0, 5, 0, 1))).toBe('2026-01-05');
  });
});

describe('uuidv7 within one millisecond', () => {
  it('keeps creation order for ids made in the same millisecond, and past a full counter', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });
});
