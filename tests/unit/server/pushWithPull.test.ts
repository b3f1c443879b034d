/**
 * A sync in one round trip (docs/sync-protocol.md §3a): a push that carries the device's pull
 * cursor is answered with the push results and the first pull page, read after the push committed,
 * the same page GET /api/sync/pull gives at that moment.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import type { Mutation, PullResponse, PushResponse } from '../../../shared/sync/wire';
import { api, countRows, describeDialects, mutation, newInspection, pushBody, useServer } from './helpers';

function inspectionMutation(institutionId: string) {
  const { id, rev: _r, updatedAt: _u, ...fields } = newInspection(institutionId);
  return { id, m: mutation('inspection', id, 0, fields) };
}

describeDialects('push with the first pull page', (d) => {
  const s = useServer(d, {}, { world: true });

  const pushWith = (token: string, clientId: string, mutations: Mutation[], pull?: Record<string, unknown>) =>
    s.app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { protocolVersion: 1, clientId, mutations, ...(pull ? { pull } : {}) } });

  it('answers with the page GET /pull gives after the push: its own changes and another device’s, spliced the same way', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, m } = inspectionMutation('INST-A');
    pushBody(await k.push('device-one-aaaa', [m]));
    const cursor = (await k.pull(0)).json().nextCursor as number;
    // Another device of the same konsulent writes first.
    pushBody(await k.push('device-two-bbbb', [mutation('themeScore', themeScoreId(id, 'leg'), 0, { inspectionId: id, themeId: 'leg', step: 2 })]));

    const scores = THEME_IDS.filter((t) => t !== 'leg').slice(0, 3).map((t) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 3 }));
    const res = await pushWith(s.world.konsulentA, 'device-one-aaaa', scores, { cursor, limit: 500, count: '1' });
    const answer = pushBody(res);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const page = answer.pull!;
    // Read after the commit: the push's own changes are in it, after the other device's.
    expect(page.changes.map((c) => c.recordId)).toEqual([themeScoreId(id, 'leg'), ...scores.map((x) => x.recordId)]);
    expect(page).toMatchObject({ reset: false, hasMore: false, total: 4, scope: { institutionIds: ['INST-A'] } });
    expect(page.nextCursor).toBeGreaterThan(cursor);

    // Exactly what GET /pull answers now (nothing was committed in between), byte for byte.
    const get = await s.app.inject({ method: 'GET', url: `/api/sync/pull?v=1&cursor=${cursor}&limit=500&count=1`, headers: { authorization: `Bearer ${s.world.konsulentA}` } });
    expect(res.body).toBe(`${JSON.stringify({ results: answer.results, records: answer.records }).slice(0, -1)},"pull":${get.body}}`);
    // And nothing after its cursor: the page's bound covered the push.
    expect((await k.pull(page.nextCursor)).json()).toMatchObject({ changes: [], hasMore: false, nextCursor: page.nextCursor });
  });

  it('pages as GET /pull does (limit, hasMore, nextCursor) and starts over on another epoch', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, m } = inspectionMutation('INST-A');
    const scores = THEME_IDS.slice(0, 3).map((t) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 1 }));
    const first = pushBody(await pushWith(s.world.konsulentA, 'device-one-aaaa', [m, ...scores], { cursor: 0, limit: 2 }));
    expect(first.pull).toMatchObject({ hasMore: true, reset: false });
    expect(first.pull!.changes.map((c) => c.recordId)).toEqual([id, scores[0]!.recordId].slice(0, first.pull!.changes.length));
    expect(first.pull!.total).toBeUndefined();
    const rest = (await k.pull(first.pull!.nextCursor, 500)).json() as PullResponse;
    const all = [...first.pull!.changes, ...rest.changes].map((c) => c.recordId);
    expect(all).toEqual([id, ...scores.map((x) => x.recordId)]);

    // A cursor of another scope epoch: the page is a full copy (reset), as GET /pull would send.
    const epoch = first.pull!.scope.epoch;
    const again = pushBody(await pushWith(s.world.konsulentA, 'device-one-aaaa', [mutation('themeScore', scores[0]!.recordId, 1, { note: 'x' })], { cursor: rest.nextCursor, epoch: epoch + 1, limit: 500 }));
    expect(again.pull).toMatchObject({ reset: true, hasMore: false });
    expect(again.pull!.changes.map((c) => c.recordId).sort()).toEqual([id, ...scores.map((x) => x.recordId)].sort());
  });

  it('a push without `pull` is answered as before; a push refused as a whole (4xx) brings no page', async () => {
    const { m } = inspectionMutation('INST-A');
    const plain = pushBody(await pushWith(s.world.konsulentA, 'device-one-aaaa', [m]));
    expect('pull' in plain).toBe(false);

    // Konsulent A may not write in INST-B: the request fails, nothing is stored, and no page comes back.
    const before = await countRows(s.app, 'mutations');
    const refused = await pushWith(s.world.konsulentA, 'device-one-aaaa', [inspectionMutation('INST-B').m], { cursor: 0, limit: 500 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).not.toHaveProperty('pull');
    expect(refused.json()).not.toHaveProperty('changes');
    expect(await countRows(s.app, 'mutations')).toBe(before);

    // A pull part the pull query would refuse refuses the push (validated with it), before anything is stored.
    const bad = await pushWith(s.world.konsulentA, 'device-one-aaaa', [inspectionMutation('INST-A').m], { cursor: -1, limit: 500 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ugyldig' });
    expect(await countRows(s.app, 'mutations')).toBe(before);
  });

  it('when reading the page fails after the push committed, the push is still answered (without `pull`)', async () => {
    const { m } = inspectionMutation('INST-A');
    // A fault in the pull's reading only: the goals table (reference data) is gone.
    await sql`alter table goals rename to goals_gone`.execute(s.app.tilsyn.db);
    const res = await pushWith(s.world.konsulentA, 'device-one-aaaa', [m], { cursor: 0, limit: 500 });
    expect(res.statusCode).toBe(200);
    const answer = res.json() as PushResponse;
    expect(answer.results.map((r) => r.status)).toEqual(['applied']);
    expect(answer).not.toHaveProperty('pull');
    await sql`alter table goals_gone rename to goals`.execute(s.app.tilsyn.db);
    // Stored once: the device's retry of GET /pull finds it.
    expect(((await api(s.app, s.world.konsulentA).pull(0)).json() as PullResponse).changes.map((c) => c.recordId)).toEqual([m.recordId]);
  });
});
