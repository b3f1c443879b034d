/**
 * The theme averages read each score's fields from a summary the database keeps on every write
 * (migration 1230: SQLite's covering expression indexes, PostgreSQL's trigger-filled columns), not
 * from the JSON. Here the records are written the ways the server writes them (pushes: creation,
 * changes, finalisation, "Ret endelig rapport" and the corrected finalisation; a seed; a plain UPDATE
 * of a final score's data and another's deletion flag, as an import or a purge writes), and after
 * each step the summed answer must be exactly the straightforward one: the in-memory rule
 * (computeThemeAverages) over the records as loadScoreData reads them from their JSON. Blind sets
 * (uafhaengigScore) and fokuspunkt notes carry a theme and a step too and are never counted.
 */
import { expect, it } from 'vitest';
import { loadScoreData } from '../../../server/export/scoreData';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../../server/seed/records';
import { sumThemeAverages } from '../../../server/stats/themeAverageSums';
import { ALL_RECORDS } from '../../../server/sync/visibility';
import { uafhaengigScoreId } from '../../../shared/calibration/records';
import { THEME_IDS, type ThemeId } from '../../../shared/framework';
import { fokuspunktNoteId, themeScoreId, type Inspection } from '../../../shared/inspection';
import { computeThemeAverages } from '../../../shared/municipalAverages';
import type { ThemeAverages } from '../../../shared/themeAverages';
import type { PushResult } from '../../../shared/sync/wire';
import { api, describeDialects, institution, mutation, newInspection, pushBody, useServer } from './helpers';

const GENERATED_AT = '2026-11-23T09:00:00.000Z';
const OTHERS = ['SUM-1', 'SUM-2', 'SUM-3', 'SUM-4', 'SUM-5'];

function scored(inspection: Inspection, step: (t: number) => number | 'iv'): SeedRecord[] {
  return [
    { type: 'inspection', data: inspection },
    ...THEME_IDS.map((themeId, t) => {
      const v = step(t);
      const id = themeScoreId(inspection.id, themeId);
      return { type: 'themeScore' as const, data: v === 'iv' ? { id, inspectionId: inspection.id, themeId, step: null, notAssessed: true, notAssessedReason: 'Ikke set' } : { id, inspectionId: inspection.id, themeId, step: v } };
    }),
  ];
}

describeDialects('theme averages from the summary kept on write', (d) => {
  const s = useServer(d, {}, { world: true });

  it('equal the straightforward computation after pushes, a correction, later changes and deletions; blind sets and notes never count', async () => {
    const db = s.app.tilsyn.db;
    const expectSame = async (stage: string): Promise<ThemeAverages> => {
      const straight = computeThemeAverages(await loadScoreData(db, ALL_RECORDS, { onlyFinal: true }), { today: '2026-11-23', generatedAt: GENERATED_AT });
      const summed = await sumThemeAverages(db, GENERATED_AT);
      expect(summed, stage).toEqual(straight);
      return summed;
    };
    const cell = (a: ThemeAverages, year: string, theme: ThemeId) => a.periods.find((p) => p.key === year)?.themes[theme];

    // Five more institutions with final inspections in 2025, so 2025's cells are not suppressed, and INST-A's
    // earlier final inspection of 2025 (it counts again when the later one stops being final).
    await seedInstitutions(db, OTHERS.map((id) => institution(id)));
    const earlier = newInspection('INST-A', { status: 'endelig', date: '2025-02-01' });
    const counted = OTHERS.map((inst) => newInspection(inst, { status: 'endelig', date: '2025-04-01' }));
    await seedRecords(db, [
      ...scored(earlier, () => 1),
      ...counted.flatMap((insp, k) => scored(insp, (t) => (t + k === 9 ? 'iv' : 1 + ((t + k) % 4)))),
      // Not theme scores, though they name a theme and a step: a blind set (with a theme score's fields among its
      // unknown ones) and a fokuspunkt note with its supporting step.
      { type: 'uafhaengigScore', data: { id: uafhaengigScoreId(counted[0]!.id, 'rater-x'), inspectionId: counted[0]!.id, institutionId: 'SUM-1', raterId: 'rater-x', scores: { leg: 4 }, sealedAt: null, themeId: 'leg', step: 4 } },
      { type: 'fokuspunktNote', data: { id: fokuspunktNoteId(counted[1]!.id, 'fp-1'), inspectionId: counted[1]!.id, themeId: 'leg', fokuspunktId: 'fp-1', step: 4 } },
    ]);
    const seeded = await expectSame('seeded');
    expect(cell(seeded, '2025', 'leg')).toMatchObject({ suppressed: false, n: 6 });
    expect(cell(seeded, '2025', 'leg')!.counts!['4']).toBe(OTHERS.filter((_, k) => (THEME_IDS.indexOf('leg') + k) % 4 === 3).length);

    // INST-A's later visit of 2025 by pushes: created with its scores, scores changed (a step, one to ikke
    // vurderet, one's step taken away: a theme score has no tombstone), then through udkast and høring to final.
    const k = api(s.app, s.world.konsulentA);
    const revs = new Map<string, number>();
    const push = async (...mutations: Parameters<typeof mutation>[]) => {
      const res = pushBody(await k.push('device-sum', mutations.map((m) => mutation(...m))));
      res.results.forEach((r: PushResult, i) => {
        expect(r.status, `${mutations[i]![1]} ${JSON.stringify(r.reason)}`).toBe('applied');
        revs.set(mutations[i]![1], r.rev!);
      });
    };
    const rev = (id: string) => revs.get(id) ?? 0;
    const later = newInspection('INST-A', { status: 'i_gang', date: '2025-09-01', evidenceReason: 'Ikke relevant for testen', concernLevel: 'ingen' });
    const { id: laterId, rev: _rev, updatedAt: _updated, ...laterFields } = later;
    const sid = (theme: ThemeId) => themeScoreId(laterId, theme);
    await push(['inspection', laterId, 0, laterFields], ...THEME_IDS.map((themeId) => ['themeScore', sid(themeId), 0, { inspectionId: laterId, themeId, step: 3 }] as Parameters<typeof mutation>));
    await push(['themeScore', sid('leg'), rev(sid('leg')), { step: 4 }], ['themeScore', sid(THEME_IDS[1]!), rev(sid(THEME_IDS[1]!)), { step: null, notAssessed: true, notAssessedReason: 'Ikke observeret' }]);
    await push(['themeScore', sid(THEME_IDS[2]!), rev(sid(THEME_IDS[2]!)), { step: null }]);
    await expectSame('not final yet');
    for (const status of ['udkast', 'i_hoering', 'endelig']) await push(['inspection', laterId, rev(laterId), { status }]);
    const final = await expectSame('final');
    expect(cell(final, '2025', 'leg')!.counts!['4']).toBe(cell(seeded, '2025', 'leg')!.counts!['4'] + 1);
    expect(cell(final, '2025', THEME_IDS[1]!)!.notAssessed).toBe((cell(seeded, '2025', THEME_IDS[1]!)!.notAssessed ?? 0) + 1);
    expect(cell(final, '2025', THEME_IDS[2]!)!.n).toBe(5);

    // "Ret endelig rapport": no longer final, so INST-A's earlier visit counts again; then a score changed and
    // one's step taken away while correcting, and the correction finalised.
    await push(['inspection', laterId, rev(laterId), { status: 'udkast', correctionReason: 'Forkert trin' }]);
    const reopened = await expectSame('reopened');
    expect(cell(reopened, '2025', 'leg')!.counts!['1']).toBe(cell(seeded, '2025', 'leg')!.counts!['1']);
    await push(['themeScore', sid('leg'), rev(sid('leg')), { step: 2 }], ['themeScore', sid(THEME_IDS[4]!), rev(sid(THEME_IDS[4]!)), { step: null }]);
    await push(['inspection', laterId, rev(laterId), { status: 'endelig' }]);
    const corrected = await expectSame('corrected');
    expect(cell(corrected, '2025', 'leg')!.counts!['2']).toBe(cell(seeded, '2025', 'leg')!.counts!['2'] + 1);
    expect(cell(corrected, '2025', THEME_IDS[4]!)!.n).toBe(5);

    // Written outside the push, as an import or a purge writes a row: a final score's data changed, another's deleted.
    const other = themeScoreId(counted[2]!.id, 'leg');
    const row = await db.selectFrom('records').select('data').where('type', '=', 'themeScore').where('id', '=', other).executeTakeFirstOrThrow();
    await db.updateTable('records').set({ data: JSON.stringify({ ...JSON.parse(row.data), step: null, notAssessed: true, notAssessedReason: 'Rettet', updatedAt: '2099-01-01T00:00:00.000Z' }) }).where('type', '=', 'themeScore').where('id', '=', other).execute();
    await db.updateTable('records').set({ deleted: 1 }).where('type', '=', 'themeScore').where('id', '=', themeScoreId(counted[3]!.id, 'paedagogisk-organisering')).execute();
    const rewritten = await expectSame('rewritten');
    expect(rewritten.updatedAt).toBe('2099-01-01T00:00:00.000Z');
    expect(cell(rewritten, '2025', 'leg')).toMatchObject({ n: 5, notAssessed: (cell(corrected, '2025', 'leg')!.notAssessed ?? 0) + 1 });
    expect(cell(rewritten, '2025', 'paedagogisk-organisering')!.n).toBe(cell(corrected, '2025', 'paedagogisk-organisering')!.n! - 1);
  });
});
