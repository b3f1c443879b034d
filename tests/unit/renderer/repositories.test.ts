import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDemoData } from '../../../shared/demo/demoData';
import { themeScoreId } from '../../../shared/inspection';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import {
  addFinding,
  changeStatus,
  deleteFinding,
  loadInspection,
  setFindingText,
  setNotAssessed,
  setThemeNote,
  setThemeStep,
  startInspection,
} from '../../../renderer/db/inspectionRepository';
import { listInstitutions } from '../../../renderer/db/institutionRepository';
import { OUTBOX_LOCK_KEY } from '../../../renderer/db/recordStore';
import { ValidationError } from '../../../renderer/db/validation';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`test-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

const TODAY = '2026-11-23';
const newInspection = (over: Record<string, unknown> = {}) =>
  startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [], ...over }, TODAY);

async function refusal(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError) return e.fieldErrors;
    throw e;
  }
  throw new Error('forventede en afvisning');
}

describe('local database', () => {
  it('asks Chromium for strict durability', () => {
    expect((db as unknown as { _options: { chromeTransactionDurability: string } })._options.chromeTransactionDurability).toBe('strict');
  });

  it('demo data loads 40 institutions without creating outbox rows, and loading twice changes nothing', async () => {
    await loadDemoData(db);
    expect(await db.institutions.count()).toBe(40);
    expect(await db.inspections.count()).toBe(buildDemoData().inspections.length);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('inspection repository', () => {
  it('starts an inspection pinned to the current framework, with its outbox row', async () => {
    const i = await newInspection();
    expect(i.frameworkId).toBe('v1');
    expect(i.status).toBe('i_gang');
    const rows = await db.outbox.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recordType: 'inspection', recordId: i.id, baseRev: 0 });
    expect(rows[0]!.fields).toMatchObject({ institutionId: 'DI-01', status: 'i_gang', consultants: ['Mette Kjær'] });
  });

  it('a future date makes the inspection planned; scoring it starts it', async () => {
    const i = await newInspection({ date: '2027-02-01' });
    expect(i.status).toBe('planlagt');
    await setThemeStep(db, i.id, 'leg', 3);
    expect((await db.inspections.get(i.id))!.status).toBe('i_gang');
  });

  it('refuses an unknown institution with a Danish message on the institution field', async () => {
    const errors = await refusal(newInspection({ institutionId: 'DI-99' }));
    expect(errors.institutionId).toMatch(/Ukendt institution/);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses missing consultants and a malformed date', async () => {
    // Neither a user nor a legacy name (issue 12: the rule spans both lists, so it is checked once the fields parse).
    expect((await refusal(newInspection({ consultants: [] }))).consultantIds).toBe('Angiv mindst én konsulent');
    expect((await refusal(newInspection({ date: '23-11-2026' }))).date).toMatch(/ÅÅÅÅ-MM-DD/);
  });

  it('saves a step and its outbox row together', async () => {
    const i = await newInspection();
    await setThemeStep(db, i.id, 'paedagogisk-organisering', 3);
    const score = await db.themeScores.get(themeScoreId(i.id, 'paedagogisk-organisering'));
    expect(score).toMatchObject({ step: 3, notAssessed: false });
    const row = (await db.outbox.toArray()).find((r) => r.recordType === 'themeScore');
    expect(row?.fields).toMatchObject({ step: 3, themeId: 'paedagogisk-organisering' });
  });

  it('refuses a step outside 1–4 and writes nothing', async () => {
    const i = await newInspection();
    const before = await db.outbox.count();
    const errors = await refusal(setThemeStep(db, i.id, 'leg', 5));
    expect(errors.step).toBe('Trinnet skal være fra 1 til 4');
    expect(await db.themeScores.count()).toBe(buildDemoData().themeScores.length);
    expect(await db.outbox.count()).toBe(before);
  });

  it('refuses ikke vurderet without a reason, and accepts it with one (excluding the step)', async () => {
    const i = await newInspection();
    await setThemeStep(db, i.id, 'leg', 2);
    const errors = await refusal(setNotAssessed(db, i.id, 'leg', '  '));
    expect(errors.notAssessedReason).toBe('Skriv hvorfor temaet ikke er vurderet');
    expect((await db.themeScores.get(themeScoreId(i.id, 'leg')))!.step).toBe(2);
    await setNotAssessed(db, i.id, 'leg', 'Børnene var på tur hele formiddagen');
    expect(await db.themeScores.get(themeScoreId(i.id, 'leg'))).toMatchObject({ step: null, notAssessed: true });
  });

  it('folds repeated edits of one record into one pending outbox row, but never into a row being pushed', async () => {
    const i = await newInspection();
    await setThemeNote(db, i.id, 'leg', 'Før');
    await setThemeNote(db, i.id, 'leg', 'Før frokost');
    let rows = (await db.outbox.toArray()).filter((r) => r.recordType === 'themeScore');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields.note).toBe('Før frokost');
    await db.meta.put({ key: OUTBOX_LOCK_KEY, value: rows[0]!.seq });
    await setThemeNote(db, i.id, 'leg', 'Før frokost og efter');
    rows = (await db.outbox.toArray()).filter((r) => r.recordType === 'themeScore');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.fields.note).toBe('Før frokost');
    expect(rows[1]!.fields).toEqual({ note: 'Før frokost og efter' });
  });

  it('an unchanged value writes no outbox row', async () => {
    const i = await newInspection();
    await setThemeStep(db, i.id, 'leg', 3);
    const count = await db.outbox.count();
    await setThemeStep(db, i.id, 'leg', 3);
    expect(await db.outbox.count()).toBe(count);
  });

  it('anerkendelser and anbefalinger are created, edited and deleted as tombstones', async () => {
    const i = await newInspection();
    const a = await addFinding(db, 'anerkendelse', i.id, 'leg');
    await setFindingText(db, 'anerkendelse', a.id, 'God leg i små grupper');
    const b = await addFinding(db, 'anbefaling', i.id, 'leg', 'Mere tid til fri leg');
    await deleteFinding(db, 'anbefaling', b.id);
    const bundle = await loadInspection(db, i.id);
    expect(bundle!.anerkendelser.map((x) => x.text)).toEqual(['God leg i små grupper']);
    expect(bundle!.anbefalinger).toEqual([]);
    expect((await db.anbefalinger.get(b.id))!.deleted).toBe(true);
    const tomb = (await db.outbox.toArray()).filter((r) => r.recordId === b.id);
    expect(tomb.at(-1)!.fields.deleted).toBe(true);
  });

  it('follows the lifecycle: i gang → udkast allowed, planlagt → udkast refused', async () => {
    const planned = await newInspection({ date: '2027-01-10' });
    expect((await refusal(changeStatus(db, planned.id, 'udkast', TODAY))).status).toMatch(/kan ikke gå fra/);
    const i = await newInspection();
    expect((await changeStatus(db, i.id, 'udkast', TODAY)).status).toBe('udkast');
  });

  it('a change to the status the inspection already has is a no-op (a double click), not an error', async () => {
    const i = await newInspection();
    await changeStatus(db, i.id, 'udkast', TODAY);
    const rows = await db.outbox.toArray();
    const again = await changeStatus(db, i.id, 'udkast', TODAY);
    expect(again.status).toBe('udkast');
    expect(await db.outbox.toArray()).toEqual(rows);
    // A leder's double click changes nothing either (nothing to judge), but a leder changes no status.
    expect((await changeStatus(db, i.id, 'udkast', TODAY, { actor: { role: 'leder', displayName: 'Lone' } })).status).toBe('udkast');
    expect(await db.outbox.toArray()).toEqual(rows);
    expect((await refusal(changeStatus(db, i.id, 'i_gang', TODAY, { actor: { role: 'leder', displayName: 'Lone' } }))).status).toMatch(/leder/i);
  });

  it('a score on a planned inspection and the start it implies are one transaction', async () => {
    const planned = await newInspection({ date: '2027-01-10' });
    // Count the read-write transactions the score opens (Dexie's own middleware layer).
    let writes = 0;
    const counted = new TilsynDatabase(db.name);
    counted.use({
      stack: 'dbcore',
      name: 'count-transactions',
      create: (down) => ({
        ...down,
        transaction: (stores, mode, options) => {
          if (mode === 'readwrite') writes++;
          return down.transaction(stores, mode, options);
        },
      }),
    });
    await setThemeStep(counted, planned.id, 'leg', 3);
    expect(writes).toBe(1);
    expect((await counted.inspections.get(planned.id))!.status).toBe('i_gang');
    counted.close();

    // If the status change fails, the score is not saved either.
    const other = await newInspection({ date: '2027-01-11' });
    const outboxBefore = await db.outbox.count();
    db.inspections.hook('updating', () => {
      throw new Error('disken er fuld');
    });
    await expect(setThemeStep(db, other.id, 'leg', 2)).rejects.toThrow('disken er fuld');
    expect(await db.themeScores.get(themeScoreId(other.id, 'leg'))).toBeUndefined();
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('does not let a final inspection be edited', async () => {
    const final = buildDemoData().inspections[0]!;
    const errors = await refusal(setThemeStep(db, final.id, 'leg', 1));
    expect(errors._).toMatch(/kan ikke længere ændres/);
  });
});

describe('institution repository', () => {
  it('lists institutions sorted by name with their coverage', async () => {
    const rows = await listInstitutions(db, TODAY);
    expect(rows).toHaveLength(40);
    expect(rows[0]!.name.localeCompare(rows[1]!.name, 'da')).toBeLessThan(0);
    const due = rows.filter((r) => r.coverage.due).map((r) => r.id).sort();
    expect(due).toEqual(['DI-06', 'DI-13', 'DI-22', 'DI-29', 'DI-36']);
  });
});
