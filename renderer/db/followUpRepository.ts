import { withFollowUpChange, type Opfoelgning } from '../../shared/followUp';
import { currentActor, type Actor } from './actor';
import type { TilsynDatabase } from './database';
import { updateRecord } from './recordStore';
import { ValidationError } from './validation';

export type FollowUpPatch = Partial<Pick<Opfoelgning, 'status' | 'owner' | 'dueDate' | 'notes'>>;

/** The follow-up items of one institution, or of every institution on this computer. Removed ones are left out. */
export async function listFollowUps(db: TilsynDatabase, institutionId?: string): Promise<Opfoelgning[]> {
  const rows = institutionId ? await db.opfoelgninger.where('institutionId').equals(institutionId).toArray() : await db.opfoelgninger.toArray();
  return rows.filter((r) => !r.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * The leder updates status, owner, due date and notes of a follow-up item (who may is the shared
 * judge's, shared/rules). A change of owner or due date is added to the item's history in the same write.
 */
export async function updateFollowUp(db: TilsynDatabase, id: string, patch: FollowUpPatch, actor?: Actor): Promise<Opfoelgning> {
  const existing = await db.opfoelgninger.get(id);
  if (!existing || existing.deleted) throw new ValidationError({ _: 'Opfølgningspunktet findes ikke' });
  const who = actor ?? (await currentActor(db));
  const { owner, dueDate, ...rest } = patch;
  return updateRecord<Opfoelgning>(
    db,
    'opfoelgning',
    id,
    (current) => withFollowUpChange({ ...current!, ...rest }, { ...(owner !== undefined ? { owner } : {}), ...(dueDate !== undefined ? { dueDate } : {}) }, who.displayName || 'Leder'),
    { actor: who },
  );
}

/** The consultant records that a påbud has been met (verified), or takes that back (null). */
export async function verifyPaabud(db: TilsynDatabase, id: string, verifiedOn: string | null, actor?: Actor): Promise<Opfoelgning> {
  const who = actor ?? (await currentActor(db));
  return updateRecord<Opfoelgning>(db, 'opfoelgning', id, (current) => {
    if (!current || current.type !== 'paabud') throw new ValidationError({ _: 'Påbuddet findes ikke' });
    return { ...current, verifiedOn, verifiedBy: verifiedOn ? who.displayName : '' };
  }, { actor: who });
}
