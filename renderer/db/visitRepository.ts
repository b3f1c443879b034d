import { uuidv7 } from '../../shared/ids';
import type { Inspection } from '../../shared/inspection';
import type { Observation } from '../../shared/observation';
import type { Dialogue } from '../../shared/visitEvidence';
import type { TilsynDatabase } from './database';
import { changeStatus, editContent } from './inspectionRepository';
import { updateRecord, writeTogether } from './recordStore';
import { ValidationError } from './validation';

/**
 * The visit itself (issue 12): observation records and the dialogue meeting. Like a score, the first
 * observation on a planned visit starts it (planlagt → i gang), in the same transaction.
 */

export type NewObservation = Pick<Observation, 'observedAt' | 'minutes' | 'place' | 'activity' | 'text'>;

export function addObservation(db: TilsynDatabase, inspectionId: string, input: NewObservation): Promise<Observation> {
  return editContent(db, ['observation'], inspectionId, () =>
    updateRecord<Observation>(db, 'observation', uuidv7(), () => ({ ...input, inspectionId, createdAt: new Date().toISOString() })),
  );
}

/** A tombstone, like the findings: the record stays (and syncs) with `deleted`. */
export function deleteObservation(db: TilsynDatabase, inspectionId: string, id: string): Promise<Observation> {
  return editContent(db, ['observation'], inspectionId, () => updateRecord<Observation>(db, 'observation', id, (current) => ({ ...current, deleted: true })));
}

/**
 * The dialogue is a field of the inspection itself: one write, then the start it implies (its own
 * outbox row). `foldsParticipants`: the form was filled from the retired free-text participants, which
 * this write moves into the dialogue (cleared in the same change).
 */
export function saveDialogue(db: TilsynDatabase, inspectionId: string, dialogue: Dialogue, options: { foldsParticipants?: boolean } = {}): Promise<Inspection> {
  return writeTogether(db, [], async () => {
    const before = await db.inspections.get(inspectionId);
    if (!before) throw new ValidationError({ _: 'Tilsynet findes ikke' });
    const saved = await updateRecord<Inspection>(db, 'inspection', inspectionId, (current) => ({ ...current, dialogue, ...(options.foldsParticipants ? { participants: [] } : {}) }));
    return before.status === 'planlagt' ? changeStatus(db, inspectionId, 'i_gang') : saved;
  });
}

/**
 * The ramme's data items (ids) the consultant ticks in the pre-visit brief as there (§ 5 a stk. 4);
 * finalising records the answer for every item. A field of the inspection, like the dialogue.
 */
export function setPreparedData(db: TilsynDatabase, inspectionId: string, ids: readonly string[]): Promise<Inspection> {
  return updateRecord<Inspection>(db, 'inspection', inspectionId, (current) => {
    if (!current) throw new ValidationError({ _: 'Tilsynet findes ikke' });
    return { ...current, preparedDataIds: [...new Set(ids)] };
  });
}

/**
 * The retired free-text participants as a first dialogue draft: a name or role with "leder" in it
 * goes under ledelse, the rest under the staff representatives. The consultant checks it and adds the time.
 */
export function participantsAsDialogueDraft(participants: readonly string[]): { leder: string[]; staff: string[] } {
  const isLeder = (p: string) => /leder/i.test(p);
  return { leder: participants.filter(isLeder), staff: participants.filter((p) => !isLeder(p)) };
}

/** The visit's observations, newest first, without the deleted ones. */
export async function loadObservations(db: TilsynDatabase, inspectionId: string): Promise<Observation[]> {
  const rows = await db.observations.where('inspectionId').equals(inspectionId).filter((o) => !o.deleted).toArray();
  return rows.sort((a, b) => b.observedAt.localeCompare(a.observedAt) || b.createdAt.localeCompare(a.createdAt));
}
