import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/ids';
import { syncOnce, type SyncFetch } from '../../../shared/sync/clientCore';
import { TilsynDatabase } from '../../../renderer/db/database';
import { updateRecord } from '../../../renderer/db/recordStore';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';

/**
 * The outbox lock (recordStore's OUTBOX_LOCK_KEY) keeps an edit from being folded into a row that
 * is on its way to the server. It must not outlive a push the server certainly did not store (it
 * answered 401, 408, 429 or its own 500): edits then fold into the pending row again. After a
 * network failure the server may have stored the push (the answer was lost), so the lock stays:
 * folding would lose the edit when the retry gets the stored result.
 */
let db: TilsynDatabase;
afterEach(async () => {
  await db.delete();
});

const finding = (text: string) => ({ inspectionId: 'i-1', themeId: 'leg', text, createdAt: '2025-03-04T10:00:00.000Z' });
const answering = (status: number, body: unknown): SyncFetch => async () => ({ status, json: async () => body });
const failing: SyncFetch = async () => {
  throw new Error('Failed to fetch');
};

async function editAfterFailedPush(fetch: SyncFetch): Promise<number> {
  db = new TilsynDatabase(`outbox-lock-${uuidv7()}`);
  // The finding's inspection, as a pull left it (the record store's judge needs the parent).
  await db.inspections.put({
    id: 'i-1',
    rev: 1,
    updatedAt: '2025-03-04T09:00:00.000Z',
    institutionId: 'DI-01',
    frameworkId: 'v1',
    visitType: 'anmeldt',
    kind: 'ordinaer',
    date: '2025-03-04',
    consultants: ['Mette'],
    participants: [],
    status: 'i_gang',
  });
  const id = uuidv7();
  await updateRecord(db, 'anbefaling', id, () => finding('Mere'));
  const report = await syncOnce(dexieSyncStorage(db), fetch, 'client-lock-test-1');
  expect(report.ok).toBe(false);
  await updateRecord(db, 'anbefaling', id, (current) => ({ ...current, text: 'Mere leg ude' }));
  return db.outbox.count();
}

for (const [status, body] of [
  [401, { error: 'Log ind igen' }],
  [429, { error: 'For mange forsøg' }],
  [500, { error: 'Der opstod en uventet fejl på serveren. Prøv igen senere.', code: 'serverfejl' }],
] as const) {
  it(`a push answered ${status} releases the lock: the next edit folds into the pending row`, async () => {
    expect(await editAfterFailedPush(answering(status, body))).toBe(1);
    expect((await db.outbox.toArray())[0]!.fields.text).toBe('Mere leg ude');
  });
}

it('a push whose answer was lost (network) keeps the lock: the next edit gets a row of its own', async () => {
  expect(await editAfterFailedPush(failing)).toBe(2);
  expect((await db.outbox.toArray()).map((r) => r.fields.text)).toEqual(['Mere', 'Mere leg ude']);
});

it('a 502 from a proxy keeps the lock too (the server behind it may have stored the push)', async () => {
  expect(await editAfterFailedPush(answering(502, { error: 'Bad gateway' }))).toBe(2);
});
