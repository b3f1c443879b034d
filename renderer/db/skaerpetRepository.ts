import { translate } from '../../shared/i18n/i18n';
import { todayIso } from '../../shared/dates';
import { uuidv7 } from '../../shared/ids';
import type { Inspection } from '../../shared/inspection';
import { concernOpens, type Checkpoint, type CheckpointKind, type Handleplan, type SkaerpetTilsyn } from '../../shared/skaerpetTilsyn';
import { currentActor, type Actor } from './actor';
import type { TilsynDatabase } from './database';
import { updateRecord } from './recordStore';
import { ValidationError } from './validation';

const LEVEL_RANK = { bekymring: 1, alvorlig: 2 } as const;

/**
 * Called by "Gør endelig" inside its transaction: a final report with bekymring opens a skærpet-tilsyn
 * case, with alvorlig bekymring a case and a draft handleplan (both with the inspection's id). An
 * open case at the institution of the same or a higher level goes on instead of a new one being
 * opened; a correction finalised again keeps the case it already opened.
 */
export async function openConcernRecords(db: TilsynDatabase, inspection: Inspection, today: string, decidedBy: string, actor: Actor): Promise<void> {
  const level = inspection.concernLevel ?? null;
  const opens = concernOpens(level);
  if (!opens.skaerpetTilsyn || (level !== 'bekymring' && level !== 'alvorlig')) return;
  if (await db.skaerpedeTilsyn.get(inspection.id)) return;
  const open = await db.skaerpedeTilsyn.where('institutionId').equals(inspection.institutionId).filter((c) => c.status === 'aaben').toArray();
  if (open.some((c) => LEVEL_RANK[c.level] >= LEVEL_RANK[level])) return;
  const now = new Date().toISOString();
  await updateRecord<SkaerpetTilsyn>(db, 'skaerpetTilsyn', inspection.id, () => ({
    inspectionId: inspection.id,
    institutionId: inspection.institutionId,
    level,
    establishedOn: today,
    decidedBy,
    decidedAt: now,
  }), { actor });
  if (opens.handleplan)
    await updateRecord<Handleplan>(db, 'handleplan', inspection.id, () => ({ inspectionId: inspection.id, institutionId: inspection.institutionId, createdAt: now }), { actor });
}

export type CasePatch = Partial<Pick<SkaerpetTilsyn, 'startedOn' | 'status' | 'closedOn' | 'closingAssessment'>>;

/** Changes a case (who may, and what closing needs, is the shared judge's). Closing records who closed it. */
export async function updateCase(db: TilsynDatabase, id: string, patch: CasePatch, actor?: Actor): Promise<SkaerpetTilsyn> {
  const who = actor ?? (await currentActor(db));
  return updateRecord<SkaerpetTilsyn>(db, 'skaerpetTilsyn', id, (current) => {
    if (!current) throw new ValidationError({ _: translate('inspection:errors.caseMissing') });
    return { ...current, ...patch, ...(patch.status === 'lukket' && current.status !== 'lukket' ? { closedBy: who.displayName } : {}) };
  }, { actor: who });
}

export type PlanPatch = Partial<Pick<Handleplan, 'lederDialogueOn' | 'boardInformedOn' | 'boardComments' | 'closedOn' | 'closingAssessment'>>;

async function changePlan(db: TilsynDatabase, id: string, change: (p: Handleplan) => Handleplan, actor?: Actor): Promise<Handleplan> {
  const who = actor ?? (await currentActor(db));
  return updateRecord<Handleplan>(db, 'handleplan', id, (current) => {
    if (!current) throw new ValidationError({ _: translate('inspection:errors.handleplanMissing') });
    return change(current);
  }, { actor: who });
}

export function updatePlan(db: TilsynDatabase, id: string, patch: PlanPatch, actor?: Actor) {
  return changePlan(db, id, (p) => ({ ...p, ...patch }), actor);
}

export function addAction(db: TilsynDatabase, id: string, text: string, actor?: Actor) {
  return changePlan(db, id, (p) => ({ ...p, actions: [...p.actions, { id: uuidv7(), text }] }), actor);
}

export function removeAction(db: TilsynDatabase, id: string, actionId: string, actor?: Actor) {
  return changePlan(db, id, (p) => ({ ...p, actions: p.actions.filter((a) => a.id !== actionId) }), actor);
}

export function addCheckpoint(db: TilsynDatabase, id: string, checkpoint: { date: string; kind: CheckpointKind }, actor?: Actor) {
  return changePlan(db, id, (p) => ({ ...p, checkpoints: [...p.checkpoints, { id: uuidv7(), doneOn: null, ...checkpoint }] }), actor);
}

export function setCheckpointDone(db: TilsynDatabase, id: string, checkpointId: string, doneOn: string | null, actor?: Actor) {
  return changePlan(db, id, (p) => ({ ...p, checkpoints: p.checkpoints.map((c): Checkpoint => (c.id === checkpointId ? { ...c, doneOn } : c)) }), actor);
}

export function removeCheckpoint(db: TilsynDatabase, id: string, checkpointId: string, actor?: Actor) {
  return changePlan(db, id, (p) => ({ ...p, checkpoints: p.checkpoints.filter((c) => c.id !== checkpointId) }), actor);
}

/** "Sæt handleplanen i gang": refused by the judge without the leder-dialogue date, an action and a checkpoint. */
export async function activatePlan(db: TilsynDatabase, id: string, today = todayIso(), actor?: Actor) {
  const who = actor ?? (await currentActor(db));
  return changePlan(db, id, (p) => ({ ...p, status: 'aktiv', activatedOn: today, activatedBy: who.displayName }), who);
}

/** Closes the plan with a dated assessment (the judge refuses it without both). */
export async function closePlan(db: TilsynDatabase, id: string, closedOn: string, closingAssessment: string, actor?: Actor) {
  const who = actor ?? (await currentActor(db));
  return changePlan(db, id, (p) => ({ ...p, status: 'lukket', closedOn, closingAssessment, closedBy: who.displayName }), who);
}
