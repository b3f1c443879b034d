import type { Opfoelgning } from './followUp';

/**
 * Påbud deadlines (LAW R1.14). A påbud is met when the consultant has verified it (verifiedOn); until
 * then it is overdue from the day after its deadline, whatever status the leder has given it, and the
 * overdue påbud raises its institution to the skærpet-tilsyn decision (shared/skaerpetTilsyn.ts).
 */
export type PaabudState = 'verificeret' | 'inden_fristen' | 'sidste_frist_i_dag' | 'overskredet' | 'uden_frist';

export function paabudState(item: Pick<Opfoelgning, 'type' | 'dueDate' | 'verifiedOn'>, today: string): PaabudState {
  if (item.verifiedOn) return 'verificeret';
  if (!item.dueDate) return 'uden_frist';
  if (item.dueDate === today) return 'sidste_frist_i_dag';
  return item.dueDate < today ? 'overskredet' : 'inden_fristen';
}

/** The påbud item is past its deadline without being verified (a removed item never is). */
export function isOverduePaabud(item: Pick<Opfoelgning, 'type' | 'dueDate' | 'verifiedOn' | 'deleted'>, today: string): boolean {
  return item.type === 'paabud' && !item.deleted && paabudState(item, today) === 'overskredet';
}

export interface OverduePaabudFlag {
  institutionId: string;
  items: Opfoelgning[];
  /** The earliest deadline passed. */
  oldestDue: string;
}

/** Institutions with overdue påbud, the longest overdue first: flagged for the skærpet-tilsyn decision. */
export function overduePaabudByInstitution(items: readonly Opfoelgning[], today: string): OverduePaabudFlag[] {
  const by = new Map<string, Opfoelgning[]>();
  for (const i of items) if (isOverduePaabud(i, today)) by.set(i.institutionId, [...(by.get(i.institutionId) ?? []), i]);
  return [...by.entries()]
    .map(([institutionId, list]) => {
      const sorted = [...list].sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
      return { institutionId, items: sorted, oldestDue: sorted[0]!.dueDate! };
    })
    .sort((a, b) => a.oldestDue.localeCompare(b.oldestDue) || a.institutionId.localeCompare(b.institutionId));
}
