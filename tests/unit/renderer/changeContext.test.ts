import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { addFinding, deleteFinding, setFindingText, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { describeChanges, pendingPerInspection } from '../../../renderer/sync/changeContext';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`change-context-${++n}`);
  await loadDemoData(db);
  await db.outbox.clear();
});
afterEach(async () => {
  await db.delete();
});

const TODAY = '2026-11-23';
const start = () => startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);

describe('changes named for people', () => {
  it('names pending changes by institution, inspection date and Danish field labels, never ids', async () => {
    const inspection = await start();
    await setThemeStep(db, inspection.id, 'leg', 3);
    const finding = await addFinding(db, 'anbefaling', inspection.id, 'leg', 'Læg en plan for overgangene.');
    const rows = await db.outbox.orderBy('seq').toArray();
    const described = await describeChanges(db, rows);
    const institution = (await db.institutions.get('DI-01'))!.name;
    for (const d of described) {
      expect(d.institution).toBe(institution);
      expect(d.inspection).toBe('Tilsyn 23.11.2026');
      for (const f of d.fields) expect(f).not.toMatch(/Id$|createdAt|^id$/);
    }
    expect(described.map((d) => d.what)).toEqual(expect.arrayContaining(['Nyt tilsyn', 'Ny vurdering af tema «Leg»', 'Ny anbefaling «Leg»']));
    expect(described.find((d) => d.what === 'Ny anbefaling «Leg»')!.fields).toContain('Tekst');
    expect(described.find((d) => d.what === 'Ny vurdering af tema «Leg»')!.fields).toContain('Trin');

    // A refused change to a record the server knows (baseRev > 0): named by record, with what was written.
    const [refused] = await describeChanges(db, [{ recordType: 'anbefaling', recordId: (finding as { id: string }).id, baseRev: 4, fields: { text: 'Ny tekst', deleted: true } }]);
    expect(refused).toMatchObject({ what: 'Anbefaling «Leg» slettet', institution, inspection: 'Tilsyn 23.11.2026', fields: ['Tekst'] });
  });

  it('counts what waits per inspection', async () => {
    const a = await start();
    const b = await start();
    await setThemeStep(db, a.id, 'leg', 3);
    const f = (await addFinding(db, 'anerkendelse', b.id, 'leg', 'Godt')) as { id: string };
    await setFindingText(db, 'anerkendelse', f.id, 'Godt arbejde');
    await deleteFinding(db, 'anerkendelse', f.id).catch(() => undefined);
    const counts = await pendingPerInspection(db);
    const outbox = await db.outbox.count();
    expect([...counts.values()].reduce((s, x) => s + x, 0)).toBe(outbox);
    expect(counts.get(a.id)).toBeGreaterThanOrEqual(2);
    expect(counts.get(b.id)).toBeGreaterThanOrEqual(1);
  });
});
