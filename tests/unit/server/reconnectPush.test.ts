import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { syncOnce, type SyncFetch } from '../../../shared/sync/clientCore';
import { TilsynDatabase } from '../../../renderer/db/database';
import { addFinding, setFindingText, startInspection } from '../../../renderer/db/inspectionRepository';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';
import { describeDialects, injectFetch, pullAll, useServer } from './helpers';

/*
 * The app's own outbox, offline: an inspection and a finding are created, a sync attempt fails (no
 * network, so the rows stay locked), the finding is edited (its own row, behind the lock). On
 * reconnect that is one push, applied in order, with no 400 and no row-by-row resend.
 */
describeDialects('reconnect after offline work', (d) => {
  const s = useServer(d, {}, { world: true });

  it('a finding created offline and then edited reaches the server in one push with no refusal', async () => {
    const db = new TilsynDatabase(`reconnect-${d.name}-${Date.now()}`);
    try {
      await db.meta.put({
        key: 'session',
        value: { serverUrl: 'http://127.0.0.1:9', user: { id: s.world.users['konsulent-a'], username: 'konsulent-a', displayName: 'Konsulent A', role: 'konsulent', institutionIds: ['INST-A'] }, loggedInAt: new Date().toISOString() },
      });
      const online = injectFetch(() => s.app, s.world.konsulentA);
      let offline = false;
      const calls: { path: string; status: number }[] = [];
      const fetch: SyncFetch = async (path, init) => {
        if (offline) throw new TypeError('Failed to fetch');
        const res = await online(path, init);
        calls.push({ path, status: res.status });
        return res;
      };
      const storage = dexieSyncStorage(db);
      expect((await syncOnce(storage, fetch, 'laptop-konsulent-a')).ok).toBe(true);

      offline = true;
      const inspection = await startInspection(db, { institutionId: 'INST-A', date: '2026-11-30', visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Konsulent A'], participants: [] }, '2026-11-30');
      const finding = await addFinding(db, 'anbefaling', inspection.id, THEME_IDS[0], 'Mere leg');
      expect((await syncOnce(storage, fetch, 'laptop-konsulent-a')).ok).toBe(false);
      await setFindingText(db, 'anbefaling', finding.id, 'Mere leg ude, hver dag');
      // The edit could not be folded into the locked creation: two rows for one finding.
      expect((await db.outbox.toArray()).filter((r) => r.recordId === finding.id)).toHaveLength(2);

      offline = false;
      calls.length = 0;
      const report = await syncOnce(storage, fetch, 'laptop-konsulent-a');
      expect(report.ok).toBe(true);
      const pushes = calls.filter((c) => c.path.startsWith('/api/sync/push'));
      expect(pushes).toEqual([{ path: '/api/sync/push', status: 200 }]);
      expect(report.rejected).toBe(0);
      expect(await db.rejections.count()).toBe(0);
      expect(await db.outbox.count()).toBe(0);
      const onServer = (await pullAll(s.app, s.world.admin)).changes.find((c) => c.recordId === finding.id);
      expect(onServer?.data.text).toBe('Mere leg ude, hver dag');
    } finally {
      await db.delete();
    }
  });
});
