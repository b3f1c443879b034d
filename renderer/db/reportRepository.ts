import { DEFAULT_LANGUAGE, translate, type Language } from '../../shared/i18n/i18n';
import { danishLabel } from '../../shared/i18n/labels';
import { latestFinalPerInstitution } from '../../shared/aggregate';
import { formatLongDate, todayIso } from '../../shared/dates';
import { THEME_SHORT_NAMES, type Framework } from '../../shared/framework';
import { frameworkById } from '../../shared/frameworks/v1';
import { INSTITUTION_ROLE_LABELS, type ConcernLevel, type Inspection } from '../../shared/inspection';
import { jsonEqual } from '../../shared/sync/jsonEqual';
import type { Institution } from '../../shared/institution';
import { isCorrecting } from '../../shared/lifecycle';
import { buildReport, comparisonRows, reportText, reportedAnbefalinger, type ComparisonRow, type ReportModel } from '../../shared/reportModel';
import { reportVersionId, sortVersions, type Rapportversion, type ReportSnapshot } from '../../shared/reportVersion';
import type { Opfoelgning } from '../../shared/followUp';
import { getCachedReportAverage } from '../sync/reportAverages';
import { currentActor, type Actor } from './actor';
import type { TilsynDatabase } from './database';
import { cachedDirectory } from './consultantDirectory';
import { changeStatus, loadInspection, type InspectionBundle, type StatusChangeOptions } from './inspectionRepository';
import { updateRecord } from './recordStore';
import { openConcernRecords } from './skaerpetRepository';
import { ValidationError } from './validation';

export interface LiveReport {
  bundle: InspectionBundle;
  institution: Institution | undefined;
  framework: Framework;
  /** The report as the local data stands now (with the høringssvar), in the language asked for. */
  snapshot: ReportSnapshot;
}

/**
 * This inspection's steps beside the institution's previous final inspection and the server's
 * municipal average of the 24 months up to it, as last fetched for that window (with n, and the
 * fetch date; null: "ikke hentet"). Never computed from this device's rows: a laptop with two
 * institutions would freeze n = 2 and let a reader work out the other one's step.
 */
export async function reportComparison(
  db: TilsynDatabase,
  insp: Inspection,
  framework: Framework,
  current: InspectionBundle['scores'],
  lng: Language = DEFAULT_LANGUAGE,
): Promise<{ comparison: ComparisonRow[]; previousDate: string | null; municipalFetchedAt: string | null }> {
  const [before, frameworks] = await Promise.all([
    db.inspections.where('institutionId').equals(insp.institutionId).filter((i) => i.id !== insp.id && i.date <= insp.date).toArray(),
    db.frameworks.toArray(),
  ]);
  const frameworkMap = new Map<string, Framework>(frameworks.map((f) => [f.id, f]));
  frameworkMap.set(framework.id, framework);
  const previous = latestFinalPerInstitution(before, { from: '0000-01-01', to: insp.date }, frameworkMap, framework.scale.id).get(insp.institutionId) ?? null;
  const previousScores = previous ? await db.themeScores.where('inspectionId').equals(previous.id).toArray() : null;
  const cached = await getCachedReportAverage(db, framework.scale.id, insp.date);
  return {
    comparison: comparisonRows(framework, current, previousScores, cached?.average.themes ?? {}, THEME_SHORT_NAMES),
    previousDate: previous ? formatLongDate(previous.date, lng) : null,
    municipalFetchedAt: cached?.fetchedAt ?? null,
  };
}

/** The høringssvar and the comment of one inspection. */
export async function loadHoering(db: TilsynDatabase, inspectionId: string) {
  const [svar, kommentar] = await Promise.all([db.hoeringssvar.where('inspectionId').equals(inspectionId).toArray(), db.hoeringskommentarer.get(inspectionId)]);
  return { svar, kommentar: kommentar ?? null };
}

/**
 * The report of the local data as it stands now; null when the inspection or its framework is not
 * here. In Danish unless asked: what is finalised is frozen (and published) as built here; a screen
 * asks for the UI's language.
 */
export async function loadLiveReport(db: TilsynDatabase, id: string, lng: Language = DEFAULT_LANGUAGE): Promise<LiveReport | null> {
  const bundle = await loadInspection(db, id);
  if (!bundle) return null;
  const insp = bundle.inspection;
  const institution = await db.institutions.get(insp.institutionId);
  const framework = (await db.frameworks.get(insp.frameworkId)) ?? frameworkById(insp.frameworkId);
  if (!framework) return null;
  const [hoering, observations, directory] = await Promise.all([loadHoering(db, id), db.observations.where('inspectionId').equals(id).toArray(), cachedDirectory(db)]);
  const consultantNames = new Map((directory?.users ?? []).map((u) => [u.id, u.displayName]));
  const report: ReportModel = buildReport(framework, insp, institution, bundle.scores, bundle.anerkendelser, bundle.anbefalinger, hoering, { consultantNames, observations }, lng);
  const { comparison, previousDate, municipalFetchedAt } = await reportComparison(db, insp, framework, bundle.scores, lng);
  return { bundle, institution, framework, snapshot: { ...report, comparison, previousDate, municipalLabel: reportText('municipalLabel', lng), municipalFetchedAt } };
}

/** The frozen versions of an inspection's final report, newest first. */
export async function loadVersions(db: TilsynDatabase, inspectionId: string): Promise<Rapportversion[]> {
  return sortVersions(await db.rapportversioner.where('inspectionId').equals(inspectionId).toArray());
}

const FINALISE_TABLES = (db: TilsynDatabase) => [
  db.inspections,
  db.observations,
  db.themeScores,
  db.fokuspunktNotes,
  db.anerkendelser,
  db.anbefalinger,
  db.hoeringssvar,
  db.hoeringskommentarer,
  db.rapportversioner,
  db.opfoelgninger,
  db.observations,
  db.skaerpedeTilsyn,
  db.handleplaner,
  db.observations,
  db.institutions,
  db.frameworks,
  db.tilsynsrammer,
  db.outbox,
  db.meta,
];

/**
 * "Gør endelig": in one transaction, the status change (its own outbox row, first), the frozen
 * report as version n (with the høringssvar and the comparison of today), and a follow-up item per
 * anbefaling. A correction's version carries the reason given when the report was reopened; the
 * follow-up items of anbefalinger the correction removed are marked removed, new ones are made, and
 * the status, owner, due date and notes the leder has set are kept. An inspection that is already
 * final gets no new version.
 */
export async function finaliseInspection(db: TilsynDatabase, id: string, today = todayIso(), actor?: Actor, concernLevel?: ConcernLevel, finalFields?: StatusChangeOptions['finalFields']): Promise<Rapportversion> {
  const who = actor ?? (await currentActor(db));
  return db.transaction('rw', FINALISE_TABLES(db), async () => {
    const before = await db.inspections.get(id);
    if (!before) throw new ValidationError({ _: translate('inspection:page.notFound') });
    if (before.status === 'endelig') {
      // Already final (a double click, another window): the version that made it so is the answer.
      const latest = (await loadVersions(db, id))[0];
      if (latest) return latest;
      throw new ValidationError({ status: translate('inspection:errors.alreadyFinal') });
    }
    const correctionReason = isCorrecting(before) ? (before.correctionReason ?? '').trim() : '';
    // The concern level goes in the status change itself; the judge refuses a final report without one.
    await changeStatus(db, id, 'endelig', today, { actor: who, ...(concernLevel ? { concernLevel } : {}), ...(finalFields ? { finalFields } : {}) });
    // Frozen in Danish whatever the UI language: this is what is published and what the case file reads.
    const live = await loadLiveReport(db, id, 'da');
    if (!live) throw new ValidationError({ _: translate('inspection:errors.frameworkNotHere') });
    const versions = await loadVersions(db, id);
    const version = (versions[0]?.version ?? 0) + 1;
    const createdAt = new Date().toISOString();
    const createdBy = who.displayName.trim() || live.bundle.inspection.consultants[0] || 'Konsulent';
    const saved = await updateRecord<Rapportversion>(db, 'rapportversion', reportVersionId(id, version), () => ({
      inspectionId: id,
      version,
      createdAt,
      createdBy,
      reason: version > 1 ? correctionReason : '',
      snapshot: live.snapshot,
    }), { actor: who });

    const anbefalinger = reportedAnbefalinger(live.framework, live.bundle.anbefalinger);
    const existing = new Map((await db.opfoelgninger.where('inspectionId').equals(id).toArray()).map((o) => [o.id, o]));
    // The leder's answer as the frozen report shows it: each item starts from it.
    const answers = new Map((live.snapshot.hoering?.items ?? []).map((h) => [h.anbefalingId, { hoeringAnswer: h.answer, hoeringText: h.text }]));
    for (const a of anbefalinger) {
      const text = a.text.trim();
      const item = existing.get(a.id);
      const answer = answers.get(a.id) ?? { hoeringAnswer: null, hoeringText: '' };
      // The consultant's instruction as the report gives it; the leder may adjust owner and date later.
      const instruction = { proposedOwner: a.ownerRole, proposedDueDate: a.dueDate, action: a.action.trim(), verification: a.verification };
      if (!item) {
        await updateRecord<Opfoelgning>(db, 'opfoelgning', a.id, () => ({
          inspectionId: id,
          institutionId: before.institutionId,
          anbefalingId: a.id,
          themeId: a.themeId,
          anbefaling: text,
          createdAt,
          type: a.type,
          ...instruction,
          owner: a.ownerRole ? danishLabel(INSTITUTION_ROLE_LABELS, a.ownerRole) : '',
          dueDate: a.dueDate,
          ...answer,
        }), { actor: who });
      } else if (
        item.anbefaling !== text ||
        item.deleted ||
        item.themeId !== a.themeId ||
        item.hoeringAnswer !== answer.hoeringAnswer ||
        item.hoeringText !== answer.hoeringText ||
        !jsonEqual(instruction, { proposedOwner: item.proposedOwner, proposedDueDate: item.proposedDueDate, action: item.action, verification: item.verification })
      ) {
        // A correction sent to høring again may have a new answer; the leder's status, owner, date and notes stay.
        await updateRecord<Opfoelgning>(db, 'opfoelgning', a.id, (current) => ({ ...current, anbefaling: text, themeId: a.themeId, deleted: false, ...instruction, ...answer }), { actor: who });
      }
    }
    for (const item of existing.values()) {
      if (!item.deleted && !anbefalinger.some((a) => a.id === item.id))
        await updateRecord<Opfoelgning>(db, 'opfoelgning', item.id, (current) => ({ ...current, deleted: true }), { actor: who });
    }
    const final = await db.inspections.get(id);
    await openConcernRecords(db, final!, today, createdBy, who);
    return saved;
  });
}

/** "Ret endelig rapport": reopens a final report for correction; the reason goes into the next version. */
export async function reopenForCorrection(db: TilsynDatabase, id: string, reason: string, actor?: Actor): Promise<Inspection> {
  return changeStatus(db, id, 'udkast', todayIso(), { correctionReason: reason, ...(actor ? { actor } : {}) });
}
