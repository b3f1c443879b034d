import { expect, it } from 'vitest';
import { syncOnce, type PullProgress, type SyncFetch } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { themeScoreId } from '../../../shared/inspection';
import { api, countRows, describeDialects, injectFetch, newInspection, useServer } from './helpers';

function inspectionFields(institutionId: string) {
  const { id, rev: _r, updatedAt: _u, ...fields } = newInspection(institutionId);
  return { id, fields };
}

describeDialects('clientCore against the real server', (d) => {
  const s = useServer(d, { bodyLimit: 64 * 1024 }, { world: true });

  async function devices() {
    const w = s.world;
    const make = (token: string, clientId: string) => ({ storage: new MemoryStorage(), fetch: injectFetch(() => s.app, token), clientId });
    return { w, one: make(w.konsulentA, 'device-one-aaaa'), two: make(w.konsulentA, 'device-two-bbbb') };
  }
  const sync = (dev: { storage: MemoryStorage; fetch: SyncFetch; clientId: string }) => syncOnce(dev.storage, dev.fetch, dev.clientId);
  /** The requests a fetch makes, as "METHOD path". */
  const counted = (fetch: SyncFetch) => {
    const requests: string[] = [];
    /** The pull page of each push answer (undefined: none came). */
    const pushPages: ({ reset: boolean; hasMore: boolean } | undefined)[] = [];
    const wrapped: SyncFetch = async (path, init) => {
      requests.push(`${init.method} ${path.split('?')[0]}`);
      const res = await fetch(path, init);
      if (!path.startsWith('/api/sync/push')) return res;
      const json = (await res.json()) as { pull?: { reset: boolean; hasMore: boolean } };
      pushPages.push(json.pull);
      return { status: res.status, json: async () => json };
    };
    return { requests, pushPages, fetch: wrapped };
  };

  it('pushes local work, pulls it on another device, and empties the outbox only on acknowledgement', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 3 });
    const offline: SyncFetch = async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    };
    const failed = await syncOnce(one.storage, offline, one.clientId);
    expect(failed).toMatchObject({ ok: false, error: { kind: 'offline', retryable: true } });
    expect(one.storage.outbox()).toHaveLength(2);

    const r1 = await sync(one);
    expect(r1).toMatchObject({ ok: true, acknowledged: 2, applied: 2 });
    expect(one.storage.outbox()).toEqual([]);
    expect(one.storage.record('inspection', id)).toMatchObject({ rev: 1, status: 'i_gang' });

    const r2 = await sync(two);
    expect(r2.ok).toBe(true);
    expect(two.storage.records()).toEqual(one.storage.records());
    expect(two.storage.references('institution').map((i) => i.id)).toEqual(['INST-A']);
    expect(two.storage.references('framework').map((f) => f.id)).toEqual(['v1']);
  });

  it('two devices offline on one inspection: different fields merge, the same field becomes one conflict both see', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    for (const t of ['leg', 'interaktion'] as const) await one.storage.write('themeScore', themeScoreId(id, t), { inspectionId: id, themeId: t, step: 2 });
    await sync(one);
    await sync(two);
    // Offline: different themes, and the same note.
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { step: 4 });
    await two.storage.write('themeScore', themeScoreId(id, 'interaktion'), { step: 1 });
    await one.storage.write('inspection', id, { participants: ['Leder fra enhed 1'] });
    await two.storage.write('inspection', id, { participants: ['Leder fra enhed 2'] });
    expect((await sync(one)).applied).toBe(2);
    const r = await sync(two);
    expect(r).toMatchObject({ ok: true, applied: 1, conflicts: 1 });
    await sync(one);
    for (const dev of [one, two]) {
      expect(dev.storage.record('themeScore', themeScoreId(id, 'leg'))!.step).toBe(4);
      expect(dev.storage.record('themeScore', themeScoreId(id, 'interaktion'))!.step).toBe(1);
      expect(dev.storage.record('inspection', id)!.participants).toEqual(['Leder fra enhed 1']);
      expect(dev.storage.conflicts()).toEqual([expect.objectContaining({ field: 'participants', serverValue: ['Leder fra enhed 1'], clientValue: ['Leder fra enhed 2'] })]);
    }
    // Device 1 resolves with "behold begge"; both see the result and the conflict goes away.
    const c = one.storage.conflicts()[0]!;
    await one.storage.write('inspection', id, { participants: ['Leder fra enhed 1', 'Leder fra enhed 2'] }, { resolvesConflicts: [c.id] });
    await sync(one);
    await sync(two);
    for (const dev of [one, two]) {
      expect(dev.storage.conflicts()).toEqual([]);
      expect(dev.storage.record('inspection', id)!.participants).toEqual(['Leder fra enhed 1', 'Leder fra enhed 2']);
    }
    expect(two.storage.records()).toEqual(one.storage.records());
  });

  it('a pull never overwrites a field with a pending local change; the rev moves on', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await sync(one);
    await sync(two);
    await one.storage.write('inspection', id, { date: '2025-08-08', participants: ['A'] });
    await sync(one);
    // The user types on device two while its sync is between push and pull.
    const typingDuringSync: SyncFetch = async (path, init) => {
      if (path.startsWith('/api/sync/pull')) await two.storage.write('inspection', id, { date: '2025-09-09' });
      return two.fetch(path, init);
    };
    const r = await syncOnce(two.storage, typingDuringSync, two.clientId);
    expect(r.ok).toBe(true);
    expect(two.storage.record('inspection', id)).toMatchObject({ rev: 2, date: '2025-09-09', participants: ['A'] });
    expect(two.storage.outbox()).toEqual([expect.objectContaining({ baseRev: 1, fields: { date: '2025-09-09' } })]);
    // Typed without having seen device one's date: one conflict, the server keeps its value.
    const next = await sync(two);
    expect(next).toMatchObject({ ok: true, conflicts: 1 });
    expect(two.storage.record('inspection', id)).toMatchObject({ date: '2025-08-08', rev: 2 });
    expect(two.storage.conflicts()).toEqual([expect.objectContaining({ field: 'date', serverValue: '2025-08-08', clientValue: '2025-09-09', baseValue: '2025-03-04' })]);
  });

  it('a row the server refuses outright (4xx) is kept as a rejection; the rest of the batch still goes through', async () => {
    const { one } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 7 });
    await one.storage.write('themeScore', themeScoreId(id, 'rutiner'), { inspectionId: id, themeId: 'rutiner', step: 2 });
    const r = await sync(one);
    expect(r).toMatchObject({ ok: true, acknowledged: 3, applied: 2, rejected: 1 });
    expect(one.storage.outbox()).toEqual([]);
    expect(one.storage.rejections()).toEqual([
      expect.objectContaining({ recordId: themeScoreId(id, 'leg'), fields: expect.objectContaining({ step: 7 }), httpStatus: 400, reason: expect.stringContaining('step: Trinnet skal være fra 1 til 4') }),
    ]);
    // The refused record never reached the server, so it is not kept as if it had.
    expect(one.storage.record('themeScore', themeScoreId(id, 'leg'))).toBeUndefined();
    expect(one.storage.record('themeScore', themeScoreId(id, 'rutiner'))).toMatchObject({ rev: 1, step: 2 });
  });

  it('a rejected mutation leaves the record as the server has it and keeps what was typed', async () => {
    const { one } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await sync(one);
    await one.storage.write('inspection', id, { status: 'endelig' });
    expect(one.storage.record('inspection', id)!.status).toBe('endelig');
    const r = await sync(one);
    expect(r).toMatchObject({ ok: true, rejected: 1 });
    expect(one.storage.record('inspection', id)).toMatchObject({ status: 'i_gang', rev: 1 });
    expect(one.storage.rejections()[0]).toMatchObject({ fields: { status: 'endelig' }, reason: 'Et tilsyn kan ikke gå fra "I gang" til "Endelig"' });
  });

  it('401 stops the sync without touching the outbox', async () => {
    const { one } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    const r = await syncOnce(one.storage, injectFetch(() => s.app, 'x'.repeat(43)), one.clientId);
    expect(r).toMatchObject({ ok: false, error: { kind: 'auth', retryable: false, status: 401 } });
    expect(one.storage.outbox()).toHaveLength(1);
  });

  it('a server that is not ours (404 without our error body) never turns the outbox into rejections', async () => {
    const { one } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    const foreign: SyncFetch = async () => ({ status: 404, json: async () => ({ message: 'Not Found' }) });
    const r = await syncOnce(one.storage, foreign, one.clientId);
    expect(r).toMatchObject({ ok: false, error: { retryable: false, status: 404 } });
    expect(one.storage.outbox()).toHaveLength(1);
    expect(one.storage.rejections()).toEqual([]);
  });

  it('halves the batch when the server says 413', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    const themes = ['paedagogisk-organisering', 'fysiske-rammer', 'interaktion', 'leg', 'rutiner', 'boernenes-kompetencer', 'overgange'] as const;
    for (const t of themes) await one.storage.write('themeScore', themeScoreId(id, t), { inspectionId: id, themeId: t, step: 3, note: `${t} ${'ø'.repeat(9000)}` });
    const r = await sync(one);
    expect(r).toMatchObject({ ok: true, acknowledged: 8, applied: 8, rejected: 0 });
    await sync(two);
    expect(two.storage.records()).toEqual(one.storage.records());
  });

  it('after the user loses an institution, the next sync starts over and drops what they may no longer see (pending work stays)', async () => {
    const { w, one } = await devices();
    const admin = api(s.app, w.admin);
    await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A', 'INST-B'] });
    const a = inspectionFields('INST-A');
    const b = inspectionFields('INST-B');
    const b2 = inspectionFields('INST-B');
    await one.storage.write('inspection', a.id, a.fields);
    await one.storage.write('inspection', b.id, b.fields);
    await sync(one);
    expect(one.storage.records().map((r) => r.record.id).sort()).toEqual([a.id, b.id].sort());
    await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A'] });
    // Made offline before the change reached this device: pushed, refused (403), kept as a rejection.
    await one.storage.write('inspection', b2.id, b2.fields);
    const r = await syncOnce(one.storage, one.fetch, one.clientId, { pullLimit: 1 });
    expect(r).toMatchObject({ ok: true, reset: true, rejected: 1 });
    expect(one.storage.records().map((x) => x.record.id)).toEqual([a.id]);
    expect(one.storage.references('institution').map((i) => i.id)).toEqual(['INST-A']);
    expect(one.storage.rejections()[0]).toMatchObject({ recordId: b2.id, httpStatus: 403, reason: 'Du har ikke adgang til institutionen INST-B' });
    expect(one.storage.meta().scope).toMatchObject({ institutionIds: ['INST-A'] });
  });

  it('a full copy cut short goes on where it stopped (not from 0), still drops what it lacked, and counts its progress', async () => {
    const { w, one } = await devices();
    const admin = api(s.app, w.admin);
    await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A', 'INST-B'] });
    const made = [inspectionFields('INST-A'), inspectionFields('INST-A'), inspectionFields('INST-A'), inspectionFields('INST-B')];
    for (const m of made) await one.storage.write('inspection', m.id, m.fields);
    expect((await sync(one)).ok).toBe(true);
    await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A'] });

    // The connection drops after the copy's second page.
    const cursors: number[] = [];
    let pages = 0;
    const cut: SyncFetch = async (path, init) => {
      if (path.startsWith('/api/sync/pull')) {
        cursors.push(Number(new URLSearchParams(path.split('?')[1]).get('cursor')));
        if (++pages === 3) throw new Error('forbindelsen røg');
      }
      return one.fetch(path, init);
    };
    const progress: { received: number; total?: number }[] = [];
    const r1 = await syncOnce(one.storage, cut, one.clientId, { pullLimit: 1, onProgress: (p) => progress.push(p) });
    expect(r1).toMatchObject({ ok: false, reset: true });
    expect(one.storage.meta()).toMatchObject({ resetting: true });
    expect(progress[0]!.total).toBeGreaterThanOrEqual(3);
    expect(progress).toHaveLength(2);
    expect(progress[1]!.received).toBeGreaterThanOrEqual(progress[0]!.received);
    expect(progress[1]!.total).toBe(progress[0]!.total);
    const stoppedAt = one.storage.meta().cursor!;
    expect(stoppedAt).toBeGreaterThan(0);

    cursors.length = 0;
    pages = -100;
    const r2 = await syncOnce(one.storage, cut, one.clientId, { pullLimit: 1 });
    expect(cursors[0]).toBe(stoppedAt);
    expect(r2.ok).toBe(true);
    expect(r2.reset).toBe(false); // resumed, not started over
    expect(one.storage.records().map((x) => x.record.id).sort()).toEqual(made.slice(0, 3).map((m) => m.id).sort());
    expect(one.storage.references('institution').map((i) => i.id)).toEqual(['INST-A']);
    expect(one.storage.meta()).toMatchObject({ resetting: false, scope: { institutionIds: ['INST-A'] } });
  });

  it('rows imported from another installation are pushed under its id, so its own later push is a recognised repeat', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 3 });
    // One's laptop is about to die: its unsent rows travel by file to two, which pushes them.
    await two.storage.importRows(one.storage.outbox().map((r) => ({ ...r, clientId: one.clientId })));
    expect(await sync(two)).toMatchObject({ ok: true, acknowledged: 2, applied: 2 });
    const mutationsAfterImport = await countRows(s.app, 'mutations');
    // Later one comes back and sends the same rows itself: nothing is applied twice.
    expect(await sync(one)).toMatchObject({ ok: true, acknowledged: 2, conflicts: 0, rejected: 0 });
    expect(await countRows(s.app, 'mutations')).toBe(mutationsAfterImport);
    expect(one.storage.record('themeScore', themeScoreId(id, 'leg'))).toMatchObject({ step: 3, rev: 1 });
  });
  it('a day’s sync is one request: the last push brings the first pull page; GET /pull only while the server has more', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await sync(one);
    await sync(two);
    await two.storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 2 });
    await sync(two);

    await one.storage.write('themeScore', themeScoreId(id, 'rutiner'), { inspectionId: id, themeId: 'rutiner', step: 4 });
    const c = counted(one.fetch);
    const progress: PullProgress[] = [];
    const r = await syncOnce(one.storage, c.fetch, one.clientId, { onProgress: (p) => progress.push(p) });
    expect(r).toMatchObject({ ok: true, acknowledged: 1, applied: 1 });
    expect(c.requests).toEqual(['POST /api/sync/push']);
    // The other device's score came with the push, and the device's own is stored as the server has it.
    expect(one.storage.record('themeScore', themeScoreId(id, 'leg'))).toMatchObject({ rev: 1, step: 2 });
    expect(one.storage.record('themeScore', themeScoreId(id, 'rutiner'))).toMatchObject({ rev: 1, step: 4 });
    expect(one.storage.outbox()).toEqual([]);
    expect(progress).toEqual([{ received: 2, total: 2 }]);
    // The cursor is the server's head: a pull from it brings nothing.
    const head = (await api(s.app, s.world.konsulentA).pull(0)).json().nextCursor as number;
    expect(one.storage.meta().cursor).toBe(head);
    expect(two.storage.records()).not.toEqual(one.storage.records());
    await sync(two);
    expect(two.storage.records()).toEqual(one.storage.records());

    // More than a page: the push brings the first, GET /pull the rest from its cursor.
    for (const t of ['interaktion', 'overgange', 'fysiske-rammer'] as const) await two.storage.write('themeScore', themeScoreId(id, t), { inspectionId: id, themeId: t, step: 1 });
    await sync(two);
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { note: 'Ny note' });
    const paged = counted(one.fetch);
    const pages: PullProgress[] = [];
    expect(await syncOnce(one.storage, paged.fetch, one.clientId, { pullLimit: 1, onProgress: (p) => pages.push(p) })).toMatchObject({ ok: true, applied: 1, pulled: 4 });
    expect(paged.requests).toEqual(['POST /api/sync/push', 'GET /api/sync/pull', 'GET /api/sync/pull', 'GET /api/sync/pull']);
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4, 4]);
    await sync(two);
    expect(two.storage.records()).toEqual(one.storage.records());
  });

  it('a server that ignores the pull in a push (older than it) gets GET /pull from the stored cursor, as before', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await sync(one);
    await sync(two);
    await two.storage.write('inspection', id, { participants: ['Fra enhed 2'] });
    await sync(two);
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 3 });
    const older: SyncFetch = (path, init) => {
      const { pull: _pull, ...body } = JSON.parse(init.body ?? '{}') as Record<string, unknown>;
      return one.fetch(path, init.body === undefined ? init : { ...init, body: JSON.stringify(body) });
    };
    const c = counted(older);
    expect(await syncOnce(one.storage, c.fetch, one.clientId)).toMatchObject({ ok: true, applied: 1, pulled: 2 });
    expect(c.requests).toEqual(['POST /api/sync/push', 'GET /api/sync/pull']);
    expect(one.storage.record('inspection', id)).toMatchObject({ rev: 2, participants: ['Fra enhed 2'] });
  });

  it('a pull page in a push answer that the client cannot read leaves the push acknowledged; GET /pull asks for it', async () => {
    const { one } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    const garbled: SyncFetch = async (path, init) => {
      const res = await one.fetch(path, init);
      if (!path.startsWith('/api/sync/push')) return res;
      const json = (await res.json()) as Record<string, unknown>;
      return { status: res.status, json: async () => ({ ...json, pull: { changes: 'ikke en liste' } }) };
    };
    const c = counted(garbled);
    expect(await syncOnce(one.storage, c.fetch, one.clientId)).toMatchObject({ ok: true, acknowledged: 1, applied: 1, pulled: 1 });
    expect(c.requests).toEqual(['POST /api/sync/push', 'GET /api/sync/pull']);
    expect(one.storage.outbox()).toEqual([]);
    expect(one.storage.record('inspection', id)).toMatchObject({ rev: 1 });
  });

  it('a field typed after the last push, before its pull page is stored, is not overwritten by the page', async () => {
    const { one, two } = await devices();
    const { id, fields } = inspectionFields('INST-A');
    await one.storage.write('inspection', id, fields);
    await sync(one);
    await sync(two);
    await two.storage.write('inspection', id, { date: '2025-08-08', participants: ['A'] });
    await sync(two);
    await one.storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 3 });
    // The outbox is found empty after the push (its rows answered); the user types before the page is written.
    const storage = one.storage;
    const readOutbox = storage.readOutbox.bind(storage);
    let typed = false;
    storage.readOutbox = async (limit) => {
      const rows = await readOutbox(limit);
      if (rows.length === 0 && !typed) {
        typed = true;
        await storage.write('inspection', id, { date: '2025-09-09' });
      }
      return rows;
    };
    const c = counted(one.fetch);
    expect(await syncOnce(storage, c.fetch, one.clientId)).toMatchObject({ ok: true, applied: 1 });
    expect(c.requests).toEqual(['POST /api/sync/push']);
    expect(typed).toBe(true);
    expect(storage.record('inspection', id)).toMatchObject({ rev: 2, date: '2025-09-09', participants: ['A'] });
    expect(storage.outbox()).toEqual([expect.objectContaining({ baseRev: 1, fields: { date: '2025-09-09' } })]);
  });

  it('after a scope change, the page a push brings starts the full copy; the copy goes on by GET and drops what it lacked', async () => {
    const { w, one } = await devices();
    const admin = api(s.app, w.admin);
    await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A', 'INST-B'] });
    const a = inspectionFields('INST-A');
    const b = inspectionFields('INST-B');
    await one.storage.write('inspection', a.id, a.fields);
    await one.storage.write('inspection', b.id, b.fields);
    await sync(one);
    await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A'] });
    await one.storage.write('themeScore', themeScoreId(a.id, 'leg'), { inspectionId: a.id, themeId: 'leg', step: 2 });
    const c = counted(one.fetch);
    const r = await syncOnce(one.storage, c.fetch, one.clientId, { pullLimit: 1 });
    expect(r).toMatchObject({ ok: true, reset: true, applied: 1 });
    expect(c.requests[0]).toBe('POST /api/sync/push');
    expect(c.pushPages).toEqual([expect.objectContaining({ reset: true, hasMore: true })]);
    expect(c.requests.slice(1).every((x) => x === 'GET /api/sync/pull')).toBe(true);
    expect(c.requests.length).toBeGreaterThan(2);
    expect(one.storage.records().map((x) => x.record.id).sort()).toEqual([a.id, themeScoreId(a.id, 'leg')].sort());
    expect(one.storage.references('institution').map((i) => i.id)).toEqual(['INST-A']);
    expect(one.storage.meta()).toMatchObject({ resetting: false, scope: { institutionIds: ['INST-A'] } });
  });
});
