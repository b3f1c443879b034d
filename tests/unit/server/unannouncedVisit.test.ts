import { expect, it } from 'vitest';
import type { Inspection, InspectionStatus } from '../../../shared/inspection';
import type { PullResponse } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer } from './helpers';

/**
 * § 5 a stk. 2 (LAW.md R1.7): a planned unannounced visit never reaches the institution's leder
 * before høring, on any path: the pull (a full one and one from the leder's last cursor), a push
 * that names it, the export, the statistics. Walked through every status before høring.
 */

function withoutSystem(i: Inspection) {
  const { id: _i, rev: _r, updatedAt: _u, ...rest } = i;
  return rest;
}

const MARKERS = (id: string) => [id, 'Ulla Uanmeldt', '2026-10-07', 'Anbefaling fra det uanmeldte besøg'];

describeDialects('an unannounced visit is hidden from the leder until høring', (d) => {
  const s = useServer(d, {}, { world: true });

  it('is absent from every leder path in planlagt, i gang and udkast, and arrives at høring', async () => {
    const k = api(s.app, s.world.konsulentA);
    const leder = api(s.app, s.world.lederA);
    const visit = newInspection('INST-A', { status: 'planlagt', visitType: 'uanmeldt', date: '2026-10-07', consultants: ['Ulla Uanmeldt'] });
    const anb = `${visit.id}:anb-1`;
    const lederCursor = (await pullAll(s.app, s.world.lederA)).nextCursor;

    let rev = pushBody(await k.push('k-device', [mutation('inspection', visit.id, 0, withoutSystem(visit))])).results[0]!.rev!;
    const hidden = async (status: InspectionStatus) => {
      // Pull: from zero and from the leder's cursor, page sizes 1 and 500.
      for (const [cursor, limit] of [[0, 500], [lederCursor, 500], [0, 1]] as const) {
        const page = await pullAll(s.app, s.world.lederA, cursor, limit);
        const body = JSON.stringify(page);
        for (const m of MARKERS(visit.id)) expect(body, `${status}: pull from ${cursor}`).not.toContain(m);
      }
      // Push: answering, commenting or touching it is refused as if it did not exist, with no data back.
      for (const m of [
        mutation('hoeringssvar', anb, 0, { inspectionId: visit.id, anbefalingId: anb, answer: 'enig', text: '' }),
        mutation('hoeringskommentar', visit.id, 0, { inspectionId: visit.id, text: 'Vi så jer komme' }),
        mutation('inspection', visit.id, rev, { participants: ['Leder'] }),
      ]) {
        const res = await leder.push('leder-device', [m]);
        expect(res.statusCode, `${status}: push ${m.recordType}`).toBe(404);
        expect(res.body).not.toContain('"data"');
        for (const marker of MARKERS(visit.id).slice(1)) expect(res.body).not.toContain(marker);
      }
      // Export (JSON and CSV) and statistics.
      for (const url of ['/api/export/theme-scores?status=alle', '/api/export/theme-scores.csv?status=alle', '/api/stats/theme-averages', '/api/stats/municipal-average?to=2026-12-31&scale=tilsyn-4-trin']) {
        const res = await leder.get(url);
        expect(res.statusCode, url).toBe(200);
        for (const m of MARKERS(visit.id)) expect(res.body, `${status}: ${url}`).not.toContain(m);
      }
    };

    await hidden('planlagt');
    for (const status of ['i_gang', 'udkast'] as const) {
      const r = pushBody(await k.push('k-device', [mutation('inspection', visit.id, rev, { status })]));
      expect(r.results[0]!.status).toBe('applied');
      rev = r.results[0]!.rev!;
      if (status === 'i_gang') {
        const a = pushBody(await k.push('k-device', [mutation('anbefaling', anb, 0, { inspectionId: visit.id, themeId: 'leg', text: 'Anbefaling fra det uanmeldte besøg', createdAt: '2026-10-07T10:00:00Z' })]));
        expect(a.results[0]!.status).toBe('applied');
      }
      await hidden(status);
    }

    // Høring: the leder's next pull (from their cursor) carries the visit and its anbefaling.
    const sent = pushBody(await k.push('k-device', [mutation('inspection', visit.id, rev, { status: 'i_hoering' })]));
    expect(sent.results[0]!.status).toBe('applied');
    const after: PullResponse = await pullAll(s.app, s.world.lederA, lederCursor);
    expect(after.changes.map((c) => `${c.recordType}:${c.recordId}`).sort()).toEqual([`anbefaling:${anb}`, `inspection:${visit.id}`].sort());
    expect(after.changes.find((c) => c.recordId === visit.id)!.data).toMatchObject({ visitType: 'uanmeldt', status: 'i_hoering' });
    const answer = pushBody(await leder.push('leder-device', [mutation('hoeringssvar', anb, 0, { inspectionId: visit.id, anbefalingId: anb, answer: 'enig', text: '' })]));
    expect(answer.results[0]!.status).toBe('applied');
  });
});
