import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { priorKnowledgeOf } from '../../../shared/previsitBrief';
import { TilsynsrammeSchema } from '../../../shared/tilsynsramme';
import type { Actor } from '../../../renderer/db/actor';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { loadPreVisitBrief } from '../../../renderer/db/followUpRepository';
import { sendToHoering } from '../../../renderer/db/hoeringRepository';
import { changeStatus, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { updateRecord } from '../../../renderer/db/recordStore';
import { finaliseInspection } from '../../../renderer/db/reportRepository';
import { ValidationError } from '../../../renderer/db/validation';
import { setPreparedData } from '../../../renderer/db/visitRepository';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`brief-data-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

const TODAY = '2026-03-12';
const METTE: Actor = { role: 'konsulent', displayName: 'Mette Kjær' };
const RAMME = TilsynsrammeSchema.parse({
  id: 'tilsynsramme-v3',
  version: 3,
  title: 'Tilsynsramme',
  status: 'gaeldende',
  inForceFrom: '2026-01-01',
  dataItems: [
    { id: 'd-noegle', label: 'Nøgletal', source: 'noegletal' },
    { id: 'd-trivsel', label: 'Trivselsmåling', source: 'ekstern' },
  ],
});

describe('the ramme\'s data in the brief, on the device', () => {
  it('the brief shows the items of the ramme in force; the ticks are saved; finalising is judged by the same rule as on the server', async () => {
    await db.tilsynsrammer.put(RAMME);
    const i = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
    const brief = await loadPreVisitBrief(db, i);
    expect(brief.ramme).toBe('Tilsynsramme, version 3 (gældende fra 01.01.2026)');
    expect(brief.dataItems.map((d) => [d.label, d.onDevice === null ? 'ikke offline' : 'på computeren'])).toEqual([
      ['Nøgletal', 'på computeren'],
      ['Trivselsmåling', 'ikke offline'],
    ]);
    await setPreparedData(db, i.id, ['d-trivsel']);
    expect((await db.inspections.get(i.id))!.preparedDataIds).toEqual(['d-trivsel']);

    await updateRecord(db, 'inspection', i.id, (c) => ({ ...c!, evidenceReason: 'Testen handler om forberedelsen' }), { actor: METTE });
    for (const t of THEME_IDS) await setThemeStep(db, i.id, t, 3);
    await changeStatus(db, i.id, 'udkast', TODAY, { actor: METTE });
    await sendToHoering(db, i.id, METTE);
    // An old brief without the answers (e.g. a ramme that arrived after it was read) is refused, and nothing is written.
    const stale = { ...priorKnowledgeOf(brief, 'nu'), dataItems: [] };
    const refused = await finaliseInspection(db, i.id, TODAY, METTE, 'ingen', { priorKnowledge: stale }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(Object.values((refused as ValidationError).fieldErrors).join(' ')).toContain('Der mangler svar for: Nøgletal og Trivselsmåling');
    expect((await db.inspections.get(i.id))!.status).toBe('i_hoering');

    await finaliseInspection(db, i.id, TODAY, METTE, 'ingen', { priorKnowledge: priorKnowledgeOf(brief, 'nu', ['d-trivsel']) });
    expect((await db.inspections.get(i.id))!.priorKnowledge?.dataItems).toEqual([
      { id: 'd-noegle', label: 'Nøgletal', there: false },
      { id: 'd-trivsel', label: 'Trivselsmåling', there: true },
    ]);
  });
});
