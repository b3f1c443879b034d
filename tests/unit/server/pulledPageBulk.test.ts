/**
 * Issue 10, client sync: a pulled page is applied in one transaction with bulk reads and writes per
 * record type (shared/sync/clientCore.ts applyServerStates): the storage is asked a handful of
 * times per page, however many records the page holds, never once or three times per record.
 * Real server (its demo municipality), the shared sync code, a storage that counts what it is asked.
 */
import { expect, it } from 'vitest';
import { syncOnce, type SyncStorage, type SyncTx } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { ADMIN_PASSWORD, DIALECTS, freshDatabase, injectFetch, login, startApp } from './helpers';

type Calls = Map<keyof SyncTx, number>;

/** A storage that records, per transaction, how often each of its operations was called. */
function counting(inner: SyncStorage): { storage: SyncStorage; transactions: Calls[] } {
  const transactions: Calls[] = [];
  const storage: SyncStorage = {
    readOutbox: (limit) => inner.readOutbox(limit),
    transaction: (fn, options) =>
      inner.transaction((tx) => {
        const calls: Calls = new Map();
        transactions.push(calls);
        const counted = new Proxy(tx, {
          get(target, name: keyof SyncTx) {
            const value = target[name];
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              calls.set(name, (calls.get(name) ?? 0) + 1);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
        return fn(counted);
      }, options),
  };
  return { storage, transactions };
}

it('a pulled page of 500 records is applied in one transaction with a few bulk calls per record type', async () => {
  const database = await freshDatabase(DIALECTS[0]!);
  const app = await startApp(database, { demo: true } as never);
  try {
    const token = await login(app, 'admin', ADMIN_PASSWORD);
    const memory = new MemoryStorage();
    const { storage, transactions } = counting(memory);
    let pulls = 0;
    const serverFetch = injectFetch(() => app, token);
    const fetch: typeof serverFetch = (path, init) => {
      if (path.startsWith('/api/sync/pull')) pulls++;
      return serverFetch(path, init);
    };
    const first = await syncOnce(storage, fetch, 'bulk-device-1', { pullLimit: 500 });
    expect(first.ok).toBe(true);
    expect(first.pulled).toBeGreaterThan(1500);
    // One transaction per page (plus those that read the meta and the outbox).
    const pages = transactions.filter((t) => t.has('setMeta'));
    expect(pages.length).toBe(pulls);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    // Four record types in the demo (inspection, themeScore, anerkendelse, anbefaling): per page at most one read, one outbox look-up and one write of each.
    for (const page of pages) {
      expect(page.get('getRecords') ?? 0).toBeLessThanOrEqual(4);
      expect(page.get('putRecords') ?? 0).toBeLessThanOrEqual(4);
      expect(page.get('outboxFor') ?? 0).toBeLessThanOrEqual(4);
    }

  } finally {
    await app.close();
    await database.drop();
  }
});
