/**
 * How many round trips to PostgreSQL a device's sync in one request takes (docs/sync-protocol.md
 * §3a): a push of the bench's 5 changes that carries the pull cursor and gets the first page back.
 * Counted at pg's client as in roundTrips.test.ts: every query, BEGIN and COMMIT, the token check too.
 */
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import type { PushResponse } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pushBody, useServer } from './helpers';

/** Token (once), BEGIN, load, the rows in one statement, COMMIT, then the pull's visible bound and page. */
const SYNC_MAX = 7;

describeDialects('round trips of a sync in one request', (d) => {
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
      sent.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  });
  afterEach(() => {
    pg.Client.prototype.query = original;
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
    expect(combined.length).toBeGreaterThanOrEqual(4); // counted at all
    expect(combined.length).toBeLessThanOrEqual(SYNC_MAX);
    expect(combined.length).toBeLessThan(apart.length);
  });
});
