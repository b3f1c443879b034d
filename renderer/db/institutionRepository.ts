import { coverage, type Coverage } from '../../shared/coverage';
import { todayIso } from '../../shared/dates';
import type { Institution } from '../../shared/institution';
import type { Inspection } from '../../shared/inspection';
import type { TilsynDatabase } from './database';

export interface InstitutionRow extends Institution {
  coverage: Coverage;
}

const collator = new Intl.Collator('da');

/** Institutions with their last inspection and whether one is due (no final inspection in 24 months). */
export async function listInstitutions(db: TilsynDatabase, today = todayIso()): Promise<InstitutionRow[]> {
  const [institutions, inspections] = await Promise.all([db.institutions.toArray(), db.inspections.toArray()]);
  const byInstitution = new Map<string, Inspection[]>();
  for (const i of inspections) {
    const list = byInstitution.get(i.institutionId);
    if (list) list.push(i);
    else byInstitution.set(i.institutionId, [i]);
  }
  return institutions
    .map((inst) => ({ ...inst, coverage: coverage(byInstitution.get(inst.id) ?? [], today) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export async function institutionInspections(db: TilsynDatabase, institutionId: string): Promise<Inspection[]> {
  const list = await db.inspections.where('institutionId').equals(institutionId).toArray();
  return list.sort((a, b) => b.date.localeCompare(a.date));
}
