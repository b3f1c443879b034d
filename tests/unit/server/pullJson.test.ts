import { expect, it } from 'vitest';
import { changeWithStoredData, pullResponseJson, pushResponseJson, stateWithStoredData } from '../../../server/sync/pullJson';
import { PullResponseSchema, PushResponseSchema, type PullResponse, type PushResponse } from '../../../shared/sync/wire';

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

it('the spliced push answer is exactly what JSON.stringify writes, and valid for the wire schema', () => {
  const replaced = stateWithStoredData(4, false, stored);
  replaced.data = { step: 1 };
  const answer: PushResponse = {
    results: [{ mutationId: '0190a000-0000-7000-8000-000000000001', status: 'applied', rev: 2, applied: ['note'], conflicts: [] }],
    records: [
      { recordType: 'themeScore', recordId: 'i1:leg', state: stateWithStoredData(2, false, stored) },
      { recordType: 'themeScore', recordId: 'i1:sprog', state: null },
      { recordType: 'themeScore', recordId: 'i1:ro', state: replaced },
      { recordType: 'themeScore', recordId: 'i1:mad', state: stateWithStoredData(1, true, '[1]') },
    ],
  };
  const text = pushResponseJson(answer);
  expect(text).toBe(JSON.stringify(answer));
  const parsed = PushResponseSchema.parse(JSON.parse(text));
  expect(parsed.records.map((r) => r.state?.data)).toEqual([JSON.parse(stored), undefined, { step: 1 }, {}]);
  expect(answer.records[0]!.state!.data.step).toBe(3);
});
