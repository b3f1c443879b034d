/**
 * How many round trips to PostgreSQL one push and one pull of the 1,000-device bench take
 * (issue 10: a push's transaction holds a pooled connection for all of them, so under load every
 * round trip is time the connection waits on the server process). Counted at pg's client: every
 * query, BEGIN and COMMIT included, of one request through the app (the token check too); and a
 * device's sync in one request (a push that carries the pull cursor and gets the first page back).
 */
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import type { PushResponse } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pushBody, useServer } from './helpers';

/** Token, BEGIN with the load, the rows with the COMMIT (server/db/pipeline.ts). */
const PUSH_MAX = 3;
/** Token, then the visible bound with the page (records, conflicts, reference data and the count in one statement, server/sync/pull.ts). */
const PULL_MAX = 2;
/** A day's push of the bench: 4 changed theme scores and a new record (token, BEGIN with the load, the rows in one statement with the COMMIT). */
const CHANGE_MAX = 3;
/** A sync in one request (docs/sync-protocol.md §3a): token (once), BEGIN with the load, the rows with the COMMIT and behind it the pull's visible bound and page. */
const SYNC_MAX = 3;

describeDialects('round trips to the database', (d) => {
  if (d.name !== 'postgres') {
    it('are counted on PostgreSQL only (SQLite has no network between server and database)', () => {});
    return;
  }
  const s = useServer(d, {}, { world: true });
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  beforeEach(() => {
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      // Several statements sent as one (server/db/pipeline.ts) carry them all in their label.
      sent.push(typeof q === 'string' ? q : String((q as { label?: string; text?: string }).label ?? (q as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  });
  afterEach(() => {
    pg.Client.prototype.query = original;
  });

  it(`a push of 5 new theme scores takes at most ${PUSH_MAX}, a pull at most ${PULL_MAX} (with count=1 too), a push of 4 changes and a new record at most ${CHANGE_MAX}`, async () => {
    const k = api(s.app, s.world.konsulentA);
    const insp = newInspection('INST-A');
    const { id, rev, updatedAt, ...fields } = insp;
    void rev;
    void updatedAt;
    pushBody(await k.push('device-rt-000001', [mutation('inspection', id, 0, fields)]));
    const cursor = (await k.pull(0)).json().nextCursor as number;
    const scores = THEME_IDS.slice(0, 5).map((t, n) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 1 + (n % 4) }));

    sent.length = 0;
    const answer = pushBody(await k.push('device-rt-000001', scores));
    const push = [...sent];
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    sent.length = 0;
    const page = (await k.pull(cursor)).json();
    const pull = [...sent];
    expect(page.changes).toHaveLength(5);

    // A first page that asks for the count reads it with the page.
    sent.length = 0;
    const counted = (await s.app.inject({ method: 'GET', url: `/api/sync/pull?v=1&cursor=${cursor}&limit=500&count=1`, headers: { authorization: `Bearer ${s.world.konsulentA}` } })).json();
    const countedPull = [...sent];
    expect(counted.total).toBe(5);

    // Changes of existing records are written with the batch's new rows in one statement (BatchState.flush).
    const changes = [
      ...THEME_IDS.slice(0, 4).map((t) => mutation('themeScore', themeScoreId(id, t), 1, { note: `Ændret ${t}` })),
      mutation('anbefaling', `anb-rt-${id}`, 0, { inspectionId: id, themeId: THEME_IDS[0], text: 'Anbefaling', createdAt: '2026-03-03T10:00:00.000Z' }),
    ];
    sent.length = 0;
    const changed = pushBody(await k.push('device-rt-000001', changes));
    const change = [...sent];
    expect(changed.results.map((r) => [r.status, r.rev])).toEqual([['applied', 2], ['applied', 2], ['applied', 2], ['applied', 2], ['applied', 1]]);
    const stored = (await k.pull(cursor)).json();
    expect(stored.changes.filter((c: { recordType: string; data: { note?: string } }) => c.recordType === 'themeScore' && c.data.note?.startsWith('Ændret')).length).toBe(4);

    console.log(`push: ${push.length} round trips\n  ${push.join('\n  ')}\nchanges: ${change.length} round trips\n  ${change.join('\n  ')}\npull: ${pull.length} round trips\n  ${pull.join('\n  ')}`);
    // Counted at all (a wrapper of pg's query that this count missed would pass any maximum).
    for (const counted of [push, change]) expect(counted.length).toBeGreaterThanOrEqual(3);
    for (const counted of [pull, countedPull]) expect(counted.length).toBeGreaterThanOrEqual(2);
    // The bound goes before the page, in the same round trip (the page's snapshot is taken after it).
    expect(pull.at(-1)).toMatch(/^select set_config\('tilsyn\.pull_high', .*tilsyn_visible_seq\(\).* ; select .*current_setting\('tilsyn\.pull_high'\)/);
    expect(push.length).toBeLessThanOrEqual(PUSH_MAX);
    expect(pull.length).toBeLessThanOrEqual(PULL_MAX);
    expect(countedPull.length).toBeLessThanOrEqual(PULL_MAX);
    expect(change.length).toBeLessThanOrEqual(CHANGE_MAX);
  });

  it(`a push of 5 changes with the first pull page (count=1) takes at most ${SYNC_MAX}, fewer than a push and a pull apart`, async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, rev: _r, updatedAt: _u, ...fields } = newInspection('INST-A');
    pushBody(await k.push('device-rt-000001', [mutation('inspection', id, 0, fields)]));
    const cursor = (await k.pull(0)).json().nextCursor as number;
    const scores = () => THEME_IDS.slice(0, 5).map((t, n) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 1 + (n % 4) }));
    const headers = { authorization: `Bearer ${s.world.konsulentA}` };

    sent.length = 0;
    const res = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers, payload: { protocolVersion: 1, clientId: 'device-rt-000001', mutations: scores(), pull: { cursor, limit: 500, count: '1' } } });
    const combined = [...sent];
    const answer = res.json() as PushResponse;
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(answer.pull).toMatchObject({ total: 5, hasMore: false });
    expect(answer.pull!.changes).toHaveLength(5);

    // The same sync as two requests, on another inspection of the same size.
    const other = newInspection('INST-A');
    const { id: otherId, rev: _r2, updatedAt: _u2, ...otherFields } = other;
    pushBody(await k.push('device-rt-000002', [mutation('inspection', otherId, 0, otherFields)]));
    const cursor2 = (await k.pull(0)).json().nextCursor as number;
    sent.length = 0;
    pushBody(await k.push('device-rt-000002', THEME_IDS.slice(0, 5).map((t, n) => mutation('themeScore', themeScoreId(otherId, t), 0, { inspectionId: otherId, themeId: t, step: 1 + (n % 4) }))));
    await s.app.inject({ method: 'GET', url: `/api/sync/pull?v=1&cursor=${cursor2}&limit=500&count=1`, headers });
    const apart = [...sent];

    console.log(`push with pull: ${combined.length} round trips\n  ${combined.join('\n  ')}\npush, then pull: ${apart.length}`);
    expect(combined.length).toBeGreaterThanOrEqual(3); // counted at all
    // The bound and the page go behind the COMMIT, in its round trip: they run after it.
    expect(combined.at(-1)).toMatch(/^select tilsyn_push_store\(.* ; commit ; select set_config\('tilsyn\.pull_high', .* ; select .*"high"$/);
    expect(combined.length).toBeLessThanOrEqual(SYNC_MAX);
    expect(combined.length).toBeLessThan(apart.length);
  });
});
