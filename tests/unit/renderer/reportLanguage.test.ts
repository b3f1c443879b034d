import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { formatDanishDate, formatLongDate, parseDanishDate } from '../../../shared/dates';
import { i18n, translate } from '../../../shared/i18n/i18n';
import { buildDagplejeReport } from '../../../shared/dagplejeReport';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { buildPublishedReport } from '../../../shared/publishedReport';
import { reportInLanguage } from '../../../shared/reportShown';
import { versionLabel } from '../../../shared/reportVersion';
import { reportPageHtml } from '../../../server/publication/reportHtml';
import type { Actor } from '../../../renderer/db/actor';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { sendToHoering, setHoeringAnswer } from '../../../renderer/db/hoeringRepository';
import { addFinding, changeStatus, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { updateRecord } from '../../../renderer/db/recordStore';
import { finaliseInspection, loadLiveReport } from '../../../renderer/db/reportRepository';

/*
 * Issue 14: the report's own words (title, visit type, status, dates, durations) follow the UI
 * language on screen, while what is frozen and published stays Danish whatever the UI says.
 */

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`report-language-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await i18n.changeLanguage('da');
  await db.delete();
});

const TODAY = '2026-12-01';
const METTE: Actor = { role: 'konsulent', displayName: 'Mette Kjær' };
const LONE: Actor = { role: 'leder', displayName: 'Lone Leder' };

/** An unannounced visit with a dialogue meeting, 75 minutes observed, one anbefaling with an owner and due date, in høring. */
async function inHoering() {
  const i = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'uanmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
  await updateRecord(db, 'inspection', i.id, (c) => ({ ...c!, dialogue: { at: `${TODAY}T13:00`, leder: ['Lone Leder'], staff: [], consultantIds: [] }, evidenceReason: 'Testen handler om rapporten' }), { actor: METTE });
  for (const [k, minutes] of [45, 30].entries())
    await updateRecord(db, 'observation', `obs-${i.id}-${k}`, () => ({ inspectionId: i.id, observedAt: `${TODAY}T${String(9 + k).padStart(2, '0')}:00`, minutes, place: 'Stuen', activity: 'Leg', text: 'Et barn leger', themeIds: [], deleted: false, createdAt: `${TODAY}T09:00:00Z` }) as never, { actor: METTE });
  for (const t of THEME_IDS) await setThemeStep(db, i.id, t, 3);
  const a = await addFinding(db, 'anbefaling', i.id, 'leg', 'Mere fri leg ude');
  await updateRecord(db, 'anbefaling', a.id, (c) => ({ ...c!, ownerRole: 'leder', dueDate: '2027-03-01', action: 'Drøft det på personalemødet' }), { actor: METTE });
  await changeStatus(db, i.id, 'udkast', TODAY, { actor: METTE });
  await sendToHoering(db, i.id, METTE);
  return { id: i.id, anbefaling: a.id };
}

describe('the report in the UI language, frozen and published in Danish', () => {
  it('the live report on an English screen speaks English; Danish by default', async () => {
    const { id } = await inHoering();
    const en = (await loadLiveReport(db, id, 'en'))!.snapshot;
    expect(en).toMatchObject({ title: 'Inspection report', date: '1 December 2026', visitType: 'Unannounced inspection', status: 'In consultation', municipalLabel: 'Municipal average (24 months)' });
    expect(en.frameworkName).toBe(`${FRAMEWORK_V1.name} (version ${FRAMEWORK_V1.version})`);
    expect(en.evidence).toMatchObject({ observedTime: '1 hour and 15 minutes', dialogue: { when: '1 December 2026 at 13:00' } });
    expect(en.followUp![0]).toMatchObject({ typeLabel: 'Recommendation', due: '1 March 2027', text: 'Mere fri leg ude' });
    expect(en.hoering!.items[0]!.answerLabel).toBe('Not answered');

    const da = (await loadLiveReport(db, id))!.snapshot;
    expect(da).toMatchObject({ title: 'Tilsynsrapport', date: '1. december 2026', visitType: 'Uanmeldt tilsyn', status: 'I høring', municipalLabel: 'Kommunens gennemsnit (24 mdr.)' });
    expect(da.evidence).toMatchObject({ observedTime: '1 time og 15 minutter', dialogue: { when: '1. december 2026 kl. 13.00' } });
    expect(da.followUp![0]).toMatchObject({ typeLabel: 'Anbefaling', owner: 'Leder', due: '1. marts 2027' });
  });

  it('finalising from an English UI freezes a Danish report; the published page is Danish; the English screen relabels it', async () => {
    await i18n.changeLanguage('en');
    const { id, anbefaling } = await inHoering();
    await setHoeringAnswer(db, id, anbefaling, { answer: 'enig', text: 'Godt set' }, LONE);
    const v = await finaliseInspection(db, id, TODAY, METTE, 'ingen');
    expect(v.snapshot).toMatchObject({ title: 'Tilsynsrapport', date: '1. december 2026', visitType: 'Uanmeldt tilsyn', status: 'Endelig', concern: { level: 'ingen', label: 'Ingen bekymring' } });
    expect(v.snapshot.evidence).toMatchObject({ observedTime: '1 time og 15 minutter', dialogue: { when: '1. december 2026 kl. 13.00' } });
    expect(v.snapshot.followUp![0]).toMatchObject({ typeLabel: 'Anbefaling', owner: 'Leder', due: '1. marts 2027' });

    // The server's page, rendered while this process's i18n is English: Danish throughout.
    const published = buildPublishedReport(v.snapshot, { version: 1, publishedOn: '2026-12-10', url: 'https://x.dk', publishedBy: 'Mette Kjær', board: null, followUp: [] }, { name: 'Testkommune', logoDataUrl: null }, FRAMEWORK_V1);
    const html = reportPageHtml({ name: 'Testkommune', logoDataUrl: null, slug: 'test' }, published);
    for (const danish of ['Tilsynsrapport for Agerhønen, 1. december 2026', 'Uanmeldt tilsyn', '1. marts 2027', '10. december 2026', 'Trin 3']) expect(html).toContain(danish);
    for (const english of ['Inspection report', 'Unannounced', 'December', 'Not answered', 'Recommendation']) expect(html).not.toContain(english);

    // The same frozen version on the English screen: the model's words in English, people's text as written.
    const shown = reportInLanguage(v.snapshot, 'en');
    expect(shown).toMatchObject({ title: 'Inspection report', date: '1 December 2026', visitType: 'Unannounced inspection', status: 'Final', concern: { label: 'No concern' } });
    expect(shown.evidence).toMatchObject({ observedTime: '1 hour and 15 minutes', dialogue: { when: '1 December 2026 at 13:00', leder: ['Lone Leder'] } });
    expect(shown.followUp![0]).toMatchObject({ typeLabel: 'Recommendation', owner: 'Manager', due: '1 March 2027', text: 'Mere fri leg ude', action: 'Drøft det på personalemødet' });
    expect(shown.hoering!.items[0]).toMatchObject({ answer: 'enig', text: 'Godt set' });
    expect(shown.municipalLabel).toBe('Municipal average (24 months)');
    // Danish: the version as frozen, the same object.
    expect(reportInLanguage(v.snapshot, 'da')).toBe(v.snapshot);
    // A text that does not read as the model's Danish (an older app's) stays as it was.
    expect(reportInLanguage({ ...v.snapshot, visitType: 'Anmeldt besøg', title: 'Rapport' }, 'en')).toMatchObject({ visitType: 'Anmeldt besøg', title: 'Rapport' });
  });

  it('the version picker and the dagpleje period in either language', () => {
    const v = { version: 2, createdAt: '2026-03-12T09:30:00.000Z', createdBy: 'Mette Kjær' };
    expect(versionLabel(v, 'da')).toBe('Version 2 (12. marts 2026, Mette Kjær)');
    expect(versionLabel(v, 'en')).toBe('Version 2 (12 March 2026, Mette Kjær)');
    const input = { institutionName: 'Dagplejen', inspections: [], scoresByInspection: new Map(), anerkendelser: [], anbefalinger: [], to: '2026-12-03' };
    expect(buildDagplejeReport(FRAMEWORK_V1, input).periodLabel).toBe('4. december 2024 – 3. december 2026');
    expect(buildDagplejeReport(FRAMEWORK_V1, { ...input, lng: 'en' }).periodLabel).toBe('4 December 2024 – 3 December 2026');
  });
});

describe('long dates', () => {
  it('Intl writes Danish long dates exactly as the published reports do, and parses back', () => {
    for (let m = 1; m <= 12; m++) {
      const iso = `2026-${String(m).padStart(2, '0')}-0${(m % 9) + 1}`;
      expect(formatLongDate(iso, 'da')).toBe(formatDanishDate(iso));
      expect(parseDanishDate(formatDanishDate(iso))).toBe(iso);
    }
    expect(formatLongDate('2026-12-01', 'en')).toBe('1 December 2026');
    expect(parseDanishDate('1 December 2026')).toBeNull();
    expect(parseDanishDate('32. blabla 2026')).toBeNull();
  });

  it('follows the app language unless told', async () => {
    expect(formatLongDate('2026-12-01')).toBe('1. december 2026');
    await i18n.changeLanguage('en');
    expect(formatLongDate('2026-12-01')).toBe('1 December 2026');
    expect(formatLongDate('2026-12-01', 'da')).toBe('1. december 2026');
    expect(formatLongDate('ikke en dato')).toBe('ikke en dato');
  });
});

describe('counts in resource texts', () => {
  it('{{count, number}} keeps the thousands separator of the language', () => {
    expect(translate('inspection:observations.minutes', { count: 12400 })).toBe('12.400 minutter');
    expect(translate('inspection:observations.minutes', { count: 12400, lng: 'en' })).toBe('12,400 minutes');
    expect(translate('inspection:observations.minutes', { count: 1, lng: 'en' })).toBe('1 minute');
  });
});
