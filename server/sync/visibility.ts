import type { InspectionStatus } from '../../shared/inspection';
import type { AuthUser } from '../auth/tokens';

/**
 * Who may see what, decided on the server:
 * - forvaltning: everything;
 * - konsulent: the institutions they are assigned to;
 * - leder: their linked institutions, and of those only inspections (with their child records)
 *   that have been sent to høring or are final.
 */
export const LEDER_VISIBLE_STATUSES: readonly InspectionStatus[] = ['i_hoering', 'endelig'];

export function isLederVisibleStatus(status: unknown): boolean {
  return LEDER_VISIBLE_STATUSES.includes(status as InspectionStatus);
}

export function canSeeInstitution(user: AuthUser, institutionId: string): boolean {
  return user.role === 'forvaltning' || user.institutionIds.includes(institutionId);
}

export function canSeeRecord(user: AuthUser, row: { institution_id: string; leder_visible: number }): boolean {
  if (!canSeeInstitution(user, row.institution_id)) return false;
  return user.role !== 'leder' || row.leder_visible === 1;
}

/** Conflicts are about concurrent edits by those who write; a leder never sees them. */
export function canSeeConflicts(user: AuthUser, institutionId: string): boolean {
  return user.role !== 'leder' && canSeeInstitution(user, institutionId);
}

/**
 * The same rules as a filter for queries over many records (exports, pull): the SQL side of
 * canSeeRecord. `all` means every institution; otherwise only `institutionIds`, and for a leder
 * only records with leder_visible = 1.
 */
export interface ReadScope {
  all: boolean;
  institutionIds: readonly string[];
  lederVisibleOnly: boolean;
}

export function readScopeOf(user: AuthUser): ReadScope {
  const all = user.role === 'forvaltning';
  return { all, institutionIds: all ? [] : user.institutionIds, lederVisibleOnly: user.role === 'leder' };
}
