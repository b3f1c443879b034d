/*
 * What each simulated device of the multi-process test and bench writes, and the check that every
 * device pulled every change exactly once: each change here creates a record of its own (rev 1,
 * never changed again), so a device that pulled with gap-free, non-overlapping cursors has each
 * record of its institution exactly once. Missing = lost (a cursor skipped it), twice = doubled.
 */
import { THEME_IDS } from '../../shared/framework';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import type { Change, Mutation } from '../../shared/sync/wire';

export const recordKey = (recordType: string, recordId: string) => `${recordType}:${recordId}`;

/** Creates the device's own inspection. */
export function inspectionCreation(inspectionId: string, institutionId: string): Mutation {
  return {
    mutationId: uuidv7(),
    recordType: 'inspection',
    recordId: inspectionId,
    baseRev: 0,
    fields: { institutionId, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-03-03', consultants: ['Konsulent'], participants: [], status: 'i_gang' },
  };
}

/** Creates the theme score `n` (0 … THEME_IDS.length − 1) of the inspection. */
export function scoreCreation(inspectionId: string, n: number): Mutation {
  const themeId = THEME_IDS[n]!;
  return { mutationId: uuidv7(), recordType: 'themeScore', recordId: themeScoreId(inspectionId, themeId), baseRev: 0, fields: { inspectionId, themeId, step: 1 + (n % 4) } };
}

export interface Tally {
  expected: number;
  lost: number;
  doubled: number;
  /** Changes of records this device should not see at all. */
  foreign: number;
}

/** Compares what one device pulled with the records it should have pulled. */
export function tally(expected: ReadonlySet<string>, pulled: readonly Pick<Change, 'recordType' | 'recordId'>[]): Tally {
  const seen = new Map<string, number>();
  for (const c of pulled) seen.set(recordKey(c.recordType, c.recordId), (seen.get(recordKey(c.recordType, c.recordId)) ?? 0) + 1);
  let lost = 0;
  let doubled = 0;
  for (const key of expected) {
    const n = seen.get(key) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled += n - 1;
  }
  const foreign = [...seen.keys()].filter((k) => !expected.has(k)).length;
  return { expected: expected.size, lost, doubled, foreign };
}

export function sumTallies(tallies: readonly Tally[]): Tally {
  return tallies.reduce((a, t) => ({ expected: a.expected + t.expected, lost: a.lost + t.lost, doubled: a.doubled + t.doubled, foreign: a.foreign + t.foreign }), { expected: 0, lost: 0, doubled: 0, foreign: 0 });
}
