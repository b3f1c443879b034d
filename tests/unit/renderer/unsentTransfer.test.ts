import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { themeScoreId } from '../../../shared/inspection';
import { parseUnsentChangesFile } from '../../../shared/unsentChanges';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { setThemeNote, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { exportUnsent, importUnsent } from '../../../renderer/db/unsentTransfer';

let a: TilsynDatabase;
let b: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  a = new TilsynDatabase(`a-${++n}`);
  b = new TilsynDatabase(`b-${n}`);
  await loadDemoData(a);
  await loadDemoData(b);
});
afterEach(async () => {
  await a.delete();
  await b.delete();
});

describe('export and import of unsent changes', () => {
  it('moves one laptop’s unsent work to another, once, under the original installation id', async () => {
    const i = await startInspection(a, { institutionId: 'DI-03', date: '2026-11-20', visitType: 'uanmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, '2026-11-23');
    await setThemeStep(a, i.id, 'leg', 4);
    await setThemeNote(a, i.id, 'leg', 'Legen fylder hele formiddagen.');
    const file = await exportUnsent(a);
    const text = JSON.stringify(file);

    const parsed = parseUnsentChangesFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const first = await importUnsent(b, parsed.file);
    expect(first).toEqual({ added: 2, alreadyHere: 0, refused: [] });
    expect((await b.inspections.get(i.id))!.institutionId).toBe('DI-03');
    expect(await b.themeScores.get(themeScoreId(i.id, 'leg'))).toMatchObject({ step: 4, note: 'Legen fylder hele formiddagen.' });
    const rows = await b.outbox.toArray();
    expect(rows.map((r) => r.mutationId)).toEqual(file.rows.map((r) => r.mutationId));
    expect(rows.every((r) => r.clientId === file.clientId)).toBe(true);

    const second = await importUnsent(b, parsed.file);
    expect(second).toEqual({ added: 0, alreadyHere: 2, refused: [] });
    expect(await b.outbox.count()).toBe(2);

    // Still idempotent after the rows have been pushed and left the outbox.
    await b.outbox.clear();
    expect((await importUnsent(b, parsed.file)).added).toBe(0);
  });

  it('refuses a row that would make an invalid record, and imports the rest', async () => {
    const i = await startInspection(a, { institutionId: 'DI-03', date: '2026-11-20', visitType: 'anmeldt', kind: 'ordinaer', consultants: ['A'], participants: [] }, '2026-11-23');
    await setThemeStep(a, i.id, 'leg', 2);
    const file = await exportUnsent(a);
    file.rows[1]!.fields.step = 9;
    const result = await importUnsent(b, file);
    expect(result.added).toBe(1);
    expect(result.refused[0]).toMatch(/Trinnet skal være fra 1 til 4/);
  });
});
