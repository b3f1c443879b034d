import { todayIso } from '../../shared/dates';
import type { ThemeId } from '../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../shared/frameworks/v1';
import { uuidv7 } from '../../shared/ids';
import {
  InspectionFieldsSchema,
  atLeastOneConsultant,
  checkFinalDate,
  fokuspunktNoteId,
  themeScoreId,
  type Anbefaling,
  type Anerkendelse,
  type FokuspunktNote,
  type Inspection,
  type InspectionStatus,
  type ThemeScore,
} from '../../shared/inspection';
import type { Actor } from './actor';
import type { TilsynDatabase } from './database';
import { updateRecord, writeTogether } from './recordStore';
import { ValidationError, parseOrThrow } from './validation';

export const NewInspectionSchema = InspectionFieldsSchema.pick({
  institutionId: true,
  visitType: true,
  kind: true,
  date: true,
  consultantIds: true,
  consultants: true,
  participants: true,
  impartialityOverrides: true,
}).superRefine(atLeastOneConsultant);
export type NewInspection = typeof NewInspectionSchema._input;

/** Starts an inspection pinned to the current framework version; a future date makes it "planlagt". */
export async function startInspection(db: TilsynDatabase, input: NewInspection, today = todayIso()): Promise<Inspection> {
  const fields = parseOrThrow(NewInspectionSchema, input);
  const institution = await db.institutions.get(fields.institutionId);
  if (!institution) throw new ValidationError({ institutionId: 'Ukendt institution: vælg en institution fra listen' });
  await db.frameworks.put(CURRENT_FRAMEWORK);
  const id = uuidv7();
  return updateRecord<Inspection>(db, 'inspection', id, () => ({
    ...fields,
    frameworkId: CURRENT_FRAMEWORK.id,
    status: fields.date > today ? 'planlagt' : 'i_gang',
  }));
}

export interface StatusChangeOptions {
  /** Who makes the change (default: the logged-in user; a consultant when nobody is). */
  actor?: Actor;
  /** Reopening a final report (endelig → udkast) needs the reason, recorded on the inspection. */
  correctionReason?: string;
  /** Finalising: the reason evidence is missing, and what the pre-visit brief showed (set in the same change). */
  finalFields?: Pick<Partial<Inspection>, 'evidenceReason' | 'priorKnowledge'>;
}

/**
 * Moves an inspection through the lifecycle (shared/lifecycle.ts), with the same role rules as the
 * server: a leder changes no status; reopening a final report needs a reason. A change to the status
 * the inspection already has (a double click, two windows) writes nothing and is not an error.
 */
export async function changeStatus(db: TilsynDatabase, id: string, to: InspectionStatus, today = todayIso(), options: StatusChangeOptions = {}): Promise<Inspection> {
  return updateRecord<Inspection>(
    db,
    'inspection',
    id,
    (current) => {
      if (!current) throw new ValidationError({ _: 'Tilsynet findes ikke' });
      // Who may make which change is the shared judge's (shared/rules), called by the record store.
      const reopening = current.status === 'endelig' && to === 'udkast';
      const finalising = to === 'endelig' && current.status !== 'endelig';
      const next = { ...current, status: to, ...(reopening ? { correctionReason: (options.correctionReason ?? '').trim() } : {}), ...(finalising ? options.finalFields : {}) };
      const dateError = next.status !== current.status ? checkFinalDate(next, today) : null;
      if (dateError) throw new ValidationError({ date: dateError });
      return next;
    },
    options.actor ? { actor: options.actor } : {},
  );
}

/** The inspection a content change belongs to (whether it may still be edited is the judge's). */
async function existingInspection(db: TilsynDatabase, inspectionId: string): Promise<Inspection> {
  const inspection = await db.inspections.get(inspectionId);
  if (!inspection) throw new ValidationError({ _: 'Tilsynet findes ikke' });
  return inspection;
}

/** Scoring a planned inspection means the visit has begun. */
async function markStarted(db: TilsynDatabase, inspection: Inspection) {
  if (inspection.status === 'planlagt') await changeStatus(db, inspection.id, 'i_gang');
}

/**
 * A change to the inspection's content: the check that it may still be edited, the write, and the
 * "planlagt → i gang" it implies happen in one transaction, so a score is never saved without it.
 */
export function editContent<T>(db: TilsynDatabase, types: Parameters<typeof writeTogether>[1], inspectionId: string, write: () => Promise<T>): Promise<T> {
  return writeTogether(db, types, async () => {
    const inspection = await existingInspection(db, inspectionId);
    const saved = await write();
    await markStarted(db, inspection);
    return saved;
  });
}

function updateScore(db: TilsynDatabase, inspectionId: string, themeId: ThemeId, patch: (s: Partial<ThemeScore>) => Partial<ThemeScore>) {
  return editContent(db, ['themeScore'], inspectionId, () =>
    updateRecord<ThemeScore>(db, 'themeScore', themeScoreId(inspectionId, themeId), (current) => ({
      ...patch({ inspectionId, themeId, ...current }),
      inspectionId,
      themeId,
    })),
  );
}

export function setThemeStep(db: TilsynDatabase, inspectionId: string, themeId: ThemeId, step: number | null) {
  return updateScore(db, inspectionId, themeId, (s) => ({ ...s, step: step as ThemeScore['step'], notAssessed: step === null ? s.notAssessed : false }));
}

export function setNotAssessed(db: TilsynDatabase, inspectionId: string, themeId: ThemeId, reason: string) {
  return updateScore(db, inspectionId, themeId, (s) => ({ ...s, step: null, notAssessed: true, notAssessedReason: reason }));
}

export function clearNotAssessed(db: TilsynDatabase, inspectionId: string, themeId: ThemeId) {
  return updateScore(db, inspectionId, themeId, (s) => ({ ...s, notAssessed: false }));
}

export function setThemeNote(db: TilsynDatabase, inspectionId: string, themeId: ThemeId, note: string) {
  return updateScore(db, inspectionId, themeId, (s) => ({ ...s, note }));
}

export async function setFokuspunkt(
  db: TilsynDatabase,
  inspectionId: string,
  themeId: ThemeId,
  fokuspunktId: string,
  patch: Partial<Pick<FokuspunktNote, 'note' | 'step'>>,
) {
  return editContent(db, ['fokuspunktNote'], inspectionId, () =>
    updateRecord<FokuspunktNote>(db, 'fokuspunktNote', fokuspunktNoteId(inspectionId, fokuspunktId), (current) => ({
      ...current,
      ...patch,
      inspectionId,
      themeId,
      fokuspunktId,
    })),
  );
}

export type FindingKind = 'anerkendelse' | 'anbefaling';

export async function addFinding(db: TilsynDatabase, kind: FindingKind, inspectionId: string, themeId: ThemeId, text = '') {
  return editContent(db, [kind], inspectionId, () =>
    updateRecord<Anerkendelse | Anbefaling>(db, kind, uuidv7(), () => ({
      inspectionId,
      themeId,
      text,
      createdAt: new Date().toISOString(),
    })),
  );
}

export async function setFindingText(db: TilsynDatabase, kind: FindingKind, id: string, text: string) {
  const table = kind === 'anerkendelse' ? db.anerkendelser : db.anbefalinger;
  return writeTogether(db, [kind], async () => {
    const existing = await table.get(id);
    if (!existing) throw new ValidationError({ _: 'Teksten findes ikke længere' });
    await existingInspection(db, existing.inspectionId);
    return updateRecord<Anerkendelse>(db, kind, id, (current) => ({ ...current, text }));
  });
}

/** Deleting leaves a tombstone, so the deletion syncs and nothing is silently dropped. */
export async function deleteFinding(db: TilsynDatabase, kind: FindingKind, id: string) {
  const table = kind === 'anerkendelse' ? db.anerkendelser : db.anbefalinger;
  await writeTogether(db, [kind], async () => {
    const existing = await table.get(id);
    if (!existing) return;
    await existingInspection(db, existing.inspectionId);
    await updateRecord<Anerkendelse>(db, kind, id, (current) => ({ ...current, deleted: true }));
  });
}

export interface InspectionBundle {
  inspection: Inspection;
  scores: ThemeScore[];
  fokuspunktNotes: FokuspunktNote[];
  anerkendelser: Anerkendelse[];
  anbefalinger: Anbefaling[];
}

export async function loadInspection(db: TilsynDatabase, id: string): Promise<InspectionBundle | null> {
  const inspection = await db.inspections.get(id);
  if (!inspection) return null;
  const [scores, fokuspunktNotes, anerkendelser, anbefalinger] = await Promise.all([
    db.themeScores.where('inspectionId').equals(id).toArray(),
    db.fokuspunktNotes.where('inspectionId').equals(id).toArray(),
    db.anerkendelser.where('inspectionId').equals(id).toArray(),
    db.anbefalinger.where('inspectionId').equals(id).toArray(),
  ]);
  const live = <T extends { deleted: boolean; createdAt: string }>(rows: T[]) =>
    rows.filter((r) => !r.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { inspection, scores, fokuspunktNotes, anerkendelser: live(anerkendelser), anbefalinger: live(anbefalinger) };
}
