import { expect, it, vi } from 'vitest';
import { themeScoreId } from '../../../shared/inspection';

// The høring step (udkast → i høring → endelig) arrives with the høring feature; until then
// shared/lifecycle has no edge into "i_hoering". This file adds those edges to see that the server
// opens an inspection to its leder at that moment, with every child record, on their next pull.
vi.mock('../../../shared/lifecycle', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/lifecycle')>();
  return {
    ...original,
    canTransition: (from: string, to: string) =>
      (from === 'udkast' && to === 'i_hoering') || (from === 'i_hoering' && to === 'endelig') || original.canTransition(from as never, to as never),
  };
});

const { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer } = await import('./helpers');

describeDialects('høring opens an inspection to its leder', (d) => {
  const s = useServer(d, {}, { world: true });

  it('a leder who pulled before høring gets the inspection and all its child records after', async () => {
    const w = s.world;
    const k = api(s.app, w.konsulentA);
    const insp = newInspection('INST-A', { status: 'i_gang' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const themes = ['leg', 'interaktion', 'overgange'] as const;
    pushBody(
      await k.push('konsulent-device', [
        mutation('inspection', id, 0, fields),
        ...themes.map((t) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 3 })),
        mutation('anbefaling', `${id}:anb:1`, 0, { inspectionId: id, themeId: 'leg', text: 'Mere fri leg', createdAt: '2025-03-04T10:00:00Z' }),
      ]),
    );
    const lederBefore = await pullAll(s.app, w.lederA);
    expect(lederBefore.changes).toEqual([]);

    pushBody(await k.push('konsulent-device', [mutation('inspection', id, 1, { status: 'udkast' })]));
    expect((await pullAll(s.app, w.lederA, lederBefore.nextCursor)).changes).toEqual([]);

    const sent = pushBody(await k.push('konsulent-device', [mutation('inspection', id, 2, { status: 'i_hoering' })]));
    expect(sent.results[0]).toMatchObject({ status: 'applied', rev: 3 });

    const after = await pullAll(s.app, w.lederA, lederBefore.nextCursor);
    expect(after.changes.map((c) => c.recordId).sort()).toEqual([id, ...themes.map((t) => themeScoreId(id, t)), `${id}:anb:1`].sort());

    // Now in høring: nobody changes scores; the leder never could.
    const late = pushBody(await k.push('konsulent-device', [mutation('themeScore', themeScoreId(id, 'leg'), 1, { step: 4 })]));
    expect(late.results[0]).toMatchObject({ status: 'rejected', reason: 'Tilsynet er "I høring": scorer og tekster kan ikke længere ændres' });
    const leder = pushBody(await api(s.app, w.lederA).push('leder-device', [mutation('themeScore', themeScoreId(id, 'leg'), 1, { step: 4 })]));
    expect(leder.results[0]).toMatchObject({ status: 'rejected', reason: 'En leder kan aldrig ændre scorer' });
    // An inspection created and sent to høring before the device's first sync arrives as one create.
    const folded = newInspection('INST-A', { status: 'i_hoering' });
    const { id: fid, rev: _fr, updatedAt: _fu, ...foldedFields } = folded;
    const created = pushBody(await k.push('konsulent-device', [mutation('inspection', fid, 0, foldedFields)]));
    expect(created.results[0]).toMatchObject({ status: 'applied', rev: 1 });
    expect((await pullAll(s.app, w.lederA)).changes.some((c) => c.recordId === fid)).toBe(true);
    // The konsulent may still finalise.
    const final = pushBody(await k.push('konsulent-device', [mutation('inspection', id, 3, { status: 'endelig' })]));
    expect(final.results[0]).toMatchObject({ status: 'applied', rev: 4 });
  });
});
