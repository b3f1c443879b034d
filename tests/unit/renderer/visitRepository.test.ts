import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TilsynDatabase } from '../../../renderer/db/database';
import { DIRECTORY_META_KEY, matchLegacyNames } from '../../../renderer/db/consultantDirectory';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { setConsultants, startInspection } from '../../../renderer/db/inspectionRepository';
import { consultantFields } from '../../../renderer/features/inspection/consultantFields';
import { addObservation, deleteObservation, loadObservations, participantsAsDialogueDraft, saveDialogue } from '../../../renderer/db/visitRepository';
import { dialogueParticipantsOf } from '../../../shared/reportModel';
import { ValidationError } from '../../../renderer/db/validation';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`visit-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

const TODAY = '2026-11-23';
const TOMORROW = '2026-11-24';
const start = (over: Record<string, unknown> = {}) =>
  startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [], ...over }, TODAY);
const OBS = { observedAt: `${TOMORROW}T09:30`, minutes: 20, place: 'Legepladsen', activity: 'Fri leg', text: 'De voksne er med i legen.' };

describe('the visit on the device', () => {
  it('an observation is a synced record of its own; the first one starts a planned visit, in the same transaction', async () => {
    const planned = await start({ date: TOMORROW });
    expect(planned.status).toBe('planlagt');
    const o = await addObservation(db, planned.id, OBS);
    expect((await db.inspections.get(planned.id))!.status).toBe('i_gang');
    const rows = await db.outbox.toArray();
    expect(rows.filter((r) => r.recordType === 'observation').map((r) => r.recordId)).toEqual([o.id]);
    await deleteObservation(db, planned.id, o.id);
    expect(await loadObservations(db, planned.id)).toEqual([]);
    expect((await db.observations.get(o.id))!.deleted).toBe(true);
  });

  it('refuses an observation without a place', async () => {
    const i = await start();
    await expect(addObservation(db, i.id, { ...OBS, place: ' ' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('the dialogue is stored on the inspection', async () => {
    const i = await start();
    await saveDialogue(db, i.id, { at: `${TODAY}T13:00`, leder: ['Lone'], staff: ['Medarbejderrepræsentant'], consultantIds: [] });
    expect((await db.inspections.get(i.id))!.dialogue?.leder).toEqual(['Lone']);
  });

  it('legacy names that match exactly one user become user ids when the directory arrives; the rest stay as written', async () => {
    const i = await start({ consultants: ['Mette Kjær', 'Lars Holm', 'Jonas'] });
    const directory = {
      users: [
        { id: 'u-mette', displayName: 'Mette Kjær', role: 'konsulent' as const },
        { id: 'u-lars-1', displayName: 'Lars Holm', role: 'konsulent' as const },
        { id: 'u-lars-2', displayName: 'Lars Holm', role: 'konsulent' as const },
      ],
      relations: [],
    };
    await db.meta.put({ key: DIRECTORY_META_KEY, value: { serverUrl: 'x', fetchedAt: 'x', directory } });
    expect(await matchLegacyNames(db, directory)).toBe(1);
    expect(await db.inspections.get(i.id)).toMatchObject({ consultantIds: ['u-mette'], consultants: ['Lars Holm', 'Jonas'] });
    expect(await matchLegacyNames(db, directory)).toBe(0);
  });

  it('the consultants of an existing visit change under the same impartiality rule: a blocking relation is refused, forvaltning overrides with a reason', async () => {
    const directory = {
      users: [
        { id: 'u-mette', displayName: 'Mette Kjær', role: 'konsulent' as const },
        { id: 'u-karl', displayName: 'Karl Konsulent', role: 'konsulent' as const },
      ],
      relations: [{ userId: 'u-karl', displayName: 'Karl Konsulent', institutionId: 'DI-01', kind: 'tilknyttet_konsulent' as const, endedOn: null }],
    };
    await db.meta.put({ key: DIRECTORY_META_KEY, value: { serverUrl: 'x', fetchedAt: 'x', directory } });
    const i = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultantIds: ['u-mette'], consultants: [], participants: [] }, TODAY);
    const konsulent = { role: 'konsulent' as const, displayName: 'Mette Kjær', userId: 'u-mette', institutionIds: 'all' as const };
    const forvaltning = { role: 'forvaltning' as const, displayName: 'Frida Forvaltning', userId: 'u-frida', institutionIds: 'all' as const };
    const both = { consultantIds: ['u-mette', 'u-karl'], names: '', overrideReason: '' };

    const refused = await setConsultants(db, i.id, { ...consultantFields(both, directory, 'DI-01', TODAY, 'Mette Kjær'), consultants: [] }, konsulent).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors.consultantIds).toContain('Karl Konsulent kan ikke føre tilsyn med institutionen');
    expect((await db.inspections.get(i.id))!.consultantIds).toEqual(['u-mette']);
    // A konsulent cannot write the override either.
    const withReason = { ...both, overrideReason: 'Ingen anden konsulent kan i uge 12' };
    const notForvaltning = await setConsultants(db, i.id, { ...consultantFields(withReason, directory, 'DI-01', TODAY, 'Mette Kjær'), consultants: [] }, konsulent).catch((e: unknown) => e);
    expect((notForvaltning as ValidationError).fieldErrors.consultantIds).toBe('Kun forvaltningen kan tildele en konsulent med en relation til institutionen');

    const saved = await setConsultants(db, i.id, { ...consultantFields(withReason, directory, 'DI-01', TODAY, 'Frida Forvaltning'), consultants: [] }, forvaltning);
    expect(saved.consultantIds).toEqual(['u-mette', 'u-karl']);
    expect(saved.impartialityOverrides).toMatchObject([{ userId: 'u-karl', reason: 'Ingen anden konsulent kan i uge 12', by: 'Frida Forvaltning' }]);
    // The change travels to the server in the outbox, where the same judge decides again.
    const row = (await db.outbox.toArray()).findLast((r) => r.recordId === i.id)!;
    expect(row.fields).toMatchObject({ consultantIds: ['u-mette', 'u-karl'] });
    // Taking Karl off again keeps the override as history; the konsulent may do that.
    const off = await setConsultants(db, i.id, { ...consultantFields({ ...both, consultantIds: ['u-mette'] }, directory, 'DI-01', TODAY, 'Mette Kjær', saved.impartialityOverrides), consultants: [] }, konsulent);
    expect(off.consultantIds).toEqual(['u-mette']);
    expect(off.impartialityOverrides).toHaveLength(1);
    // At least one consultant stays.
    await expect(setConsultants(db, i.id, { consultantIds: [], consultants: [] }, konsulent)).rejects.toBeInstanceOf(ValidationError);
  });

  it('the retired participants field: an older visit’s names become a dialogue draft by role, and saving the dialogue moves them (cleared in the same change)', async () => {
    expect(participantsAsDialogueDraft(['Pædagogisk leder', 'Medarbejderrepræsentant, vuggestuen', 'Distriktsleder'])).toEqual({ leder: ['Pædagogisk leder', 'Distriktsleder'], staff: ['Medarbejderrepræsentant, vuggestuen'] });
    const i = await start({ participants: ['Pædagogisk leder', 'Medarbejderrepræsentant'] });
    const draft = participantsAsDialogueDraft(i.participants);
    await saveDialogue(db, i.id, { at: `${TODAY}T13:00`, ...draft, consultantIds: [] }, { foldsParticipants: true });
    const saved = (await db.inspections.get(i.id))!;
    expect(saved.participants).toEqual([]);
    expect(saved.dialogue).toMatchObject({ leder: ['Pædagogisk leder'], staff: ['Medarbejderrepræsentant'] });
    const row = (await db.outbox.toArray()).findLast((r) => r.recordId === i.id)!;
    expect(row.fields).toMatchObject({ participants: [], dialogue: { leder: ['Pædagogisk leder'] } });
    // A published report lists the dialogue's people; an old report without a dialogue its legacy names.
    expect(dialogueParticipantsOf({ participants: [], evidence: { dialogue: { leder: ['Lone'], staff: ['Per'] } } })).toEqual(['Lone', 'Per']);
    expect(dialogueParticipantsOf({ participants: ['Pædagogisk leder'] })).toEqual(['Pædagogisk leder']);
  });
});
