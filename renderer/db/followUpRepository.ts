import { withFollowUpChange, type Opfoelgning } from '../../shared/followUp';
import type { Inspection } from '../../shared/inspection';
import { rammeInForce } from '../../shared/tilsynsramme';
import { briefCasesOf, buildPreVisitBrief, type PreVisitBrief } from '../../shared/previsitBrief';
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

/**
 * The pre-visit brief of an inspection (shared/previsitBrief.ts) from this device's copy: the
 * institution's earlier final reports, its open follow-up items, and its skærpet tilsyn cases and
 * handleplaner (issue 13), and the data the tilsynsramme in force on the visit's date names.
 */
export async function loadPreVisitBrief(db: TilsynDatabase, inspection: Pick<Inspection, 'id' | 'institutionId' | 'date'>): Promise<PreVisitBrief> {
  const others = await db.inspections.where('institutionId').equals(inspection.institutionId).primaryKeys();
  const [versions, followUps, cases, plans, rammer, institution] = await Promise.all([
    db.rapportversioner.where('inspectionId').anyOf(others.filter((k) => k !== inspection.id)).toArray(),
    db.opfoelgninger.where('institutionId').equals(inspection.institutionId).toArray(),
    db.skaerpedeTilsyn.where('institutionId').equals(inspection.institutionId).toArray(),
    db.handleplaner.where('institutionId').equals(inspection.institutionId).toArray(),
    db.tilsynsrammer.toArray(),
    db.institutions.get(inspection.institutionId),
  ]);
  // A case made by this very visit's report is not prior knowledge.
  const earlier = <T extends { inspectionId: string }>(rows: T[]) => rows.filter((r) => r.inspectionId !== inspection.id);
  return buildPreVisitBrief({
    inspectionId: inspection.id,
    institutionId: inspection.institutionId,
    versions,
    followUps,
    cases: briefCasesOf(earlier(cases), earlier(plans)),
    ramme: rammeInForce(rammer, inspection.date),
    institution,
  });
}
