import { translate } from '../../shared/i18n/i18n';
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
  type ConcernLevel,
  type FokuspunktNote,
  type Inspection,
  type InspectionStatus,
  type ThemeScore,
} from '../../shared/inspection';
import type { Actor } from './actor';
import type { TilsynDatabase } from './database';
import { saveScore, updateRecord, writeTogether } from './recordStore';
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

export type ConsultantChange = Pick<Inspection, 'consultants'> & Partial<Pick<Inspection, 'consultantIds' | 'impartialityOverrides'>>;

/**
 * Changes the consultants of an existing visit. The write judge decides, as on Nyt tilsyn and on the
 * server: a newly added consultant with a blocking relation is refused unless forvaltning's written
 * override is in the same change; at least one consultant stays.
 */
export function setConsultants(db: TilsynDatabase, id: string, change: ConsultantChange, actor?: Actor): Promise<Inspection> {
  return updateRecord<Inspection>(
    db,
    'inspection',
    id,
    (current) => {
      if (!current) throw new ValidationError({ _: 'Tilsynet findes ikke' });
      return { ...current, ...change };
    },
    actor ? { actor } : {},
  );
}

/** Starts an inspection pinned to the current framework version; a future date makes it "planlagt". */
export async function startInspection(db: TilsynDatabase, input: NewInspection, today = todayIso()): Promise<Inspection> {
  const fields = parseOrThrow(NewInspectionSchema, input);
  const institution = await db.institutions.get(fields.institutionId);
  if (!institution) throw new ValidationError({ institutionId: translate('inspection:errors.unknownInstitution') });
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
  /** Finalising records the concern level in the same change (§ 5 b stk. 3–4). */
  concernLevel?: ConcernLevel;
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
      if (!current) throw new ValidationError({ _: translate('inspection:page.notFound') });
      // Who may make which change is the shared judge's (shared/rules), called by the record store.
      const reopening = current.status === 'endelig' && to === 'udkast';
      const finalising = to === 'endelig' && current.status !== 'endelig';
      const next = {
        ...current,
        status: to,
        ...(reopening ? { correctionReason: (options.correctionReason ?? '').trim() } : {}),
        ...(finalising && options.concernLevel ? { concernLevel: options.concernLevel } : {}),
        ...(finalising ? options.finalFields : {}),
      };
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
  if (!inspection) throw new ValidationError({ _: translate('inspection:page.notFound') });
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
export function editContent<T>(db: TilsynDatabase, types: Parameters<typeof writeTogether>[1], inspectionId: string, write: (parent: { id: string; read: Promise<Inspection | undefined> }) => Promise<T>): Promise<T> {
  return writeTogether(db, types, async () => {
    // One read of the inspection, shared with the record store's rule check, beside the write's own reads.
    const read = db.inspections.get(inspectionId);
    const saving = write({ id: inspectionId, read });
    saving.catch(() => undefined);
    const inspection = await read;
    if (!inspection) throw new ValidationError({ _: translate('inspection:page.notFound') });
    const saved = await saving;
    await markStarted(db, inspection);
    return saved;
  });
}

function updateScore(db: TilsynDatabase, inspectionId: string, themeId: ThemeId, patch: (s: Partial<ThemeScore>) => Partial<ThemeScore>) {
  const draft = (current: ThemeScore | undefined) => ({ ...patch({ inspectionId, themeId, ...current }), inspectionId, themeId });
  // The usual save goes straight to IndexedDB (recordStore.ts saveScore); what it leaves takes the general path.
  return saveScore(db, inspectionId, themeId, draft, () =>
    editContent(db, ['themeScore'], inspectionId, (parent) => updateRecord<ThemeScore>(db, 'themeScore', themeScoreId(inspectionId, themeId), draft, { parent })),
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
  return editContent(db, ['fokuspunktNote'], inspectionId, (parent) =>
    updateRecord<FokuspunktNote>(db, 'fokuspunktNote', fokuspunktNoteId(inspectionId, fokuspunktId), (current) => ({
      ...current,
      ...patch,
      inspectionId,
      themeId,
      fokuspunktId,
    }), { parent }),
  );
}

/** The findings a consultant writes: anerkendelser, anbefalinger and påbud (an `anbefaling` record of type påbud). */
export type FindingKind = 'anerkendelse' | 'anbefaling' | 'paabud';
const recordTypeOf = (kind: FindingKind) => (kind === 'anerkendelse' ? 'anerkendelse' : 'anbefaling');

export async function addFinding(db: TilsynDatabase, kind: FindingKind, inspectionId: string, themeId: ThemeId, text = '') {
  const type = recordTypeOf(kind);
  return editContent(db, [type], inspectionId, () =>
    updateRecord<Anerkendelse | Anbefaling>(db, type, uuidv7(), () => ({
      inspectionId,
      themeId,
      text,
      createdAt: new Date().toISOString(),
      ...(kind === 'paabud' ? { type: 'paabud' } : {}),
    })),
  );
}

export async function setFindingText(db: TilsynDatabase, kind: FindingKind, id: string, text: string) {
  return patchFinding(db, kind, id, { text });
}

export type InstructionPatch = Partial<Pick<Anbefaling, 'ownerRole' | 'dueDate' | 'action' | 'verification'>>;

/** The concrete follow-up instruction of an anbefaling or a påbud: owner (a role), due date, action, verification. */
export async function setFindingInstruction(db: TilsynDatabase, id: string, patch: InstructionPatch) {
  return patchFinding(db, 'anbefaling', id, patch);
}

async function patchFinding(db: TilsynDatabase, kind: FindingKind, id: string, patch: Record<string, unknown>) {
  const type = recordTypeOf(kind);
  const table = type === 'anerkendelse' ? db.anerkendelser : db.anbefalinger;
  return writeTogether(db, [type], async () => {
    const existing = await table.get(id);
    if (!existing) throw new ValidationError({ _: translate('inspection:errors.textGone') });
    await existingInspection(db, existing.inspectionId);
    return updateRecord<Anerkendelse>(db, type, id, (current) => ({ ...current, ...patch }));
  });
}

/** Deleting leaves a tombstone, so the deletion syncs and nothing is silently dropped. */
export async function deleteFinding(db: TilsynDatabase, kind: FindingKind, id: string) {
  const type = recordTypeOf(kind);
  const table = type === 'anerkendelse' ? db.anerkendelser : db.anbefalinger;
  await writeTogether(db, [type], async () => {
    const existing = await table.get(id);
    if (!existing) return;
    await existingInspection(db, existing.inspectionId);
    await updateRecord<Anerkendelse>(db, type, id, (current) => ({ ...current, deleted: true }));
  });
}

/** Undo of deleteFinding: the tombstone reverted (a new revision, so other devices get the finding back too). */
export async function restoreFinding(db: TilsynDatabase, kind: FindingKind, id: string) {
  const type = recordTypeOf(kind);
  await writeTogether(db, [type], async () => {
    const existing = await (type === 'anerkendelse' ? db.anerkendelser : db.anbefalinger).get(id);
    if (!existing?.deleted) return;
    await existingInspection(db, existing.inspectionId);
    await updateRecord<Anerkendelse>(db, type, id, (current) => ({ ...current, deleted: false }));
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
