import { expect, it } from 'vitest';
import { changeWithStoredData, pullResponseJson } from '../../../server/sync/pullJson';
import { PullResponseSchema, type PullResponse } from '../../../shared/sync/wire';

const base = { seq: 7, recordType: 'themeScore', recordId: 'i1:leg', institutionId: 'B-1', rev: 2, deleted: false };
const stored = JSON.stringify({ id: 'i1:leg', note: 'Citat: "hej" \u2028 æøå', step: 3, nested: { a: [1, null] } });

function response(changes: PullResponse['changes']): PullResponse {
  return { changes, institutions: [{ seq: 1, id: 'B-1', rev: 1, data: { name: 'Børnehuset' } }], frameworks: [], goals: [], tilsynsrammer: [], conflicts: [], scope: { all: false, institutionIds: ['B-1'], epoch: 1, role: 'konsulent' }, reset: false, nextCursor: 7, hasMore: false };
}

it('the spliced pull answer is exactly what JSON.stringify writes, and valid for the wire schema', () => {
  const r = response([changeWithStoredData(base, stored), { ...base, seq: 8, deleted: true, data: {}, withdrawn: true }]);
  const text = pullResponseJson(r);
  expect(text).toBe(JSON.stringify(r));
  expect(PullResponseSchema.parse(JSON.parse(text)).changes[0]!.data).toEqual(JSON.parse(stored));
});

it('data is parsed when read, and a replaced data is what goes out', () => {
  const c = changeWithStoredData(base, stored);
  expect(c.data.step).toBe(3);
  c.data = { step: 1 };
  expect(JSON.parse(pullResponseJson(response([c]))).changes[0].data).toEqual({ step: 1 });
  // Stored text that is not an object becomes {} as before (fromJsonObject).
  expect(changeWithStoredData(base, '[1]').data).toEqual({});
});
