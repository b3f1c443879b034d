import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import type { ConcernLevel } from '../../../shared/inspection';
import type { Actor } from '../../../renderer/db/actor';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { listFollowUps, updateFollowUp } from '../../../renderer/db/followUpRepository';
import { addFinding, changeStatus, setFindingInstruction, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { finaliseInspection } from '../../../renderer/db/reportRepository';
import { activatePlan, addAction, addCheckpoint, updatePlan } from '../../../renderer/db/skaerpetRepository';
import { updateRecord } from '../../../renderer/db/recordStore';
import { ValidationError } from '../../../renderer/db/validation';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`skaerpet-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

const TODAY = '2026-03-12';
const METTE: Actor = { role: 'konsulent', displayName: 'Mette Kjær' };
const LONE: Actor = { role: 'leder', displayName: 'Lone Leder' };

/** A scored inspection of DI-01 with a påbud, in høring, with the reason it has no observations (issue 12). */
async function inHoering() {
  const i = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'uanmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
  for (const t of THEME_IDS) await setThemeStep(db, i.id, t, 2);
  const p = await addFinding(db, 'paabud', i.id, 'fysiske-rammer', 'Flugtvejen skal holdes fri');
  await setFindingInstruction(db, p.id, { ownerRole: 'leder', dueDate: '2026-04-01', action: 'Flyt reolen', verification: 'uanmeldt_besoeg' });
  await updateRecord(db, 'inspection', i.id, (c) => ({ ...c!, evidenceReason: 'Prøve uden observationer' }), { actor: METTE });
  await changeStatus(db, i.id, 'udkast', TODAY, { actor: METTE });
  await changeStatus(db, i.id, 'i_hoering', TODAY, { actor: METTE });
  return { id: i.id, paabud: p.id };
}

const finalise = (id: string, level?: ConcernLevel) => finaliseInspection(db, id, TODAY, METTE, level);

describe('finalising with a concern level opens the skærpet tilsyn (and the handleplan)', () => {
  it('refuses without a level; ingen opens nothing; the påbud becomes a follow-up item with its instruction', async () => {
    const { id, paabud } = await inHoering();
    await expect(finalise(id)).rejects.toThrow(ValidationError);
    expect((await db.inspections.get(id))!.status).toBe('i_hoering');
    await finalise(id, 'ingen');
    expect(await db.skaerpedeTilsyn.count()).toBe(0);
    const [item] = (await listFollowUps(db, 'DI-01')).filter((f) => f.id === paabud);
    expect(item).toMatchObject({ type: 'paabud', owner: 'Leder', dueDate: '2026-04-01', proposedOwner: 'leder', proposedDueDate: '2026-04-01', action: 'Flyt reolen', verification: 'uanmeldt_besoeg', history: [] });
  });

  it('bekymring opens a case only, with who decided and when; a second bekymring at the institution goes on in the open case', async () => {
    const first = await inHoering();
    await finalise(first.id, 'bekymring');
    const c = await db.skaerpedeTilsyn.get(first.id);
    expect(c).toMatchObject({ level: 'bekymring', establishedOn: TODAY, decidedBy: 'Mette Kjær', status: 'aaben', institutionId: 'DI-01' });
    expect(c!.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await db.handleplaner.count()).toBe(0);
    const outbox = (await db.outbox.toArray()).map((r) => r.recordType);
    expect(outbox).toContain('skaerpetTilsyn');
    const second = await inHoering();
    await finalise(second.id, 'bekymring');
    expect(await db.skaerpedeTilsyn.count()).toBe(1);
  });

  it('alvorlig bekymring opens a case and a draft handleplan; it is activated only with the leder-dialogue date, and never by the leder', async () => {
    const { id } = await inHoering();
    await finalise(id, 'alvorlig');
    expect(await db.handleplaner.get(id)).toMatchObject({ status: 'udkast', actions: [], checkpoints: [] });
    await addAction(db, id, 'Fast morgenplan', METTE);
    await addCheckpoint(db, id, { date: '2026-04-10', kind: 'uanmeldt_besoeg' }, METTE);
    await expect(activatePlan(db, id, TODAY, METTE)).rejects.toThrow('Handleplanen kan ikke sættes i gang uden datoen for dialogen med lederen');
    await updatePlan(db, id, { lederDialogueOn: '2026-03-13' }, METTE);
    await expect(activatePlan(db, id, TODAY, LONE)).rejects.toThrow('Som leder kan du læse tilsynet, men ikke ændre det');
    expect(await activatePlan(db, id, TODAY, METTE)).toMatchObject({ status: 'aktiv', activatedOn: TODAY, activatedBy: 'Mette Kjær' });
  });

  it('the leder’s change of owner and due date is kept in the item’s history', async () => {
    const { id, paabud } = await inHoering();
    await finalise(id, 'ingen');
    await updateFollowUp(db, paabud, { dueDate: '2026-04-15' }, LONE);
    await updateFollowUp(db, paabud, { owner: 'Pædagogisk leder' }, LONE);
    const item = await db.opfoelgninger.get(paabud);
    expect(item!.history.map((h) => [h.by, h.field, h.from, h.to])).toEqual([
      ['Lone Leder', 'dueDate', '2026-04-01', '2026-04-15'],
      ['Lone Leder', 'owner', 'Leder', 'Pædagogisk leder'],
    ]);
  });
});
