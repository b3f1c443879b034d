import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeFields } from '../../../server/sync/merge';

describe('mergeFields', () => {
  const current = { step: 3, note: 'server', participants: ['A'] };
  const fieldRevs = { step: [4, 'other'], note: [2, 'me'], participants: [1, 'other'] } as Record<string, [number, string]>;

  it('applies fields nobody else changed after the base', () => {
    expect(mergeFields({ current, fieldRevs, baseRev: 4, clientId: 'me', fields: { step: 1, participants: ['B'] } })).toEqual({
      apply: { step: 1, participants: ['B'] },
      conflicts: [],
      unchanged: [],
    });
  });

  it('conflicts where another client changed the field after the base and the values differ', () => {
    expect(mergeFields({ current, fieldRevs, baseRev: 3, clientId: 'me', fields: { step: 1, participants: ['B'] } })).toEqual({
      apply: { participants: ['B'] },
      conflicts: [{ field: 'step', serverValue: 3, clientValue: 1 }],
      unchanged: [],
    });
  });

  it('the same value on both sides is no conflict; own earlier changes are no conflict', () => {
    expect(mergeFields({ current, fieldRevs, baseRev: 0, clientId: 'me', fields: { step: 3, note: 'mine again' } })).toEqual({
      apply: { note: 'mine again' },
      conflicts: [],
      unchanged: ['step'],
    });
  });

  it('an untyped default of a second creation gives way without a conflict', () => {
    const out = mergeFields({ current, fieldRevs, baseRev: 0, clientId: 'me', fields: { participants: [] }, isUntypedDefault: (_f, v) => Array.isArray(v) && v.length === 0 });
    expect(out).toEqual({ apply: {}, conflicts: [], unchanged: ['participants'] });
  });

  it('every field ends up in exactly one of apply, conflicts, unchanged', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.jsonValue()),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.tuple(fc.nat(6), fc.constantFrom('me', 'other'))),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.jsonValue()),
        fc.nat(6),
        (cur, revs, fields, baseRev) => {
          const out = mergeFields({ current: cur, fieldRevs: revs, baseRev, clientId: 'me', fields });
          const seen = [...Object.keys(out.apply), ...out.conflicts.map((c) => c.field), ...out.unchanged].sort();
          expect(seen).toEqual(Object.keys(fields).sort());
          for (const c of out.conflicts) expect(revs[c.field]![0] > baseRev && revs[c.field]![1] === 'other').toBe(true);
        },
      ),
    );
  });
});
