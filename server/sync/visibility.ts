import type { InspectionStatus } from '../../shared/inspection';
import type { RecordType } from '../../shared/records';
import type { AuthUser } from '../auth/tokens';

/**
 * Who may see what, decided on the server:
 * - forvaltning: everything;
 * - konsulent: the institutions they are assigned to;
 * - leder: their linked institutions, and of those only inspections (with their child records)
 *   that have been sent to høring or are final; final report versions and follow-up items always.
 */
export const LEDER_VISIBLE_STATUSES: readonly InspectionStatus[] = ['i_hoering', 'endelig'];

/** records.leder_visible: never shown to the institution's leder. */
export const LEDER_HIDDEN = 0;
/** records.leder_visible: shown to the institution's leder. */
export const LEDER_VISIBLE = 1;
/**
 * records.leder_visible: was shown, then taken back (pulled back from høring, or a final report
 * reopened for correction). A leder's pull names such a record as `withdrawn`, without its data, so
 * their device drops its copy.
 */
export const LEDER_WITHDRAWN = 2;

/**
 * Record types a leder sees for as long as their institution is theirs, whatever the inspection's
 * status: they are made when a report is final (the frozen versions, the follow-up items) and stay
 * valid while a correction is being written.
 */
export const LEDER_ALWAYS_VISIBLE_TYPES: readonly RecordType[] = ['rapportversion', 'opfoelgning'];

export function isLederVisibleStatus(status: unknown): boolean {
  return LEDER_VISIBLE_STATUSES.includes(status as InspectionStatus);
}

/** An inspection's leder_visible after a change to `status`, given the value it had. */
export function inspectionLederVisibility(status: unknown, previous: number): number {
  if (isLederVisibleStatus(status)) return LEDER_VISIBLE;
  return previous === LEDER_HIDDEN ? LEDER_HIDDEN : LEDER_WITHDRAWN;
}

/** A new child record's leder_visible, from its parent inspection's. */
export function childLederVisibility(type: RecordType, parentLederVisible: number): number {
  if (LEDER_ALWAYS_VISIBLE_TYPES.includes(type)) return LEDER_VISIBLE;
  return parentLederVisible === LEDER_VISIBLE ? LEDER_VISIBLE : LEDER_HIDDEN;
}

export function canSeeInstitution(user: AuthUser, institutionId: string): boolean {
  return user.role === 'forvaltning' || user.institutionIds.includes(institutionId);
}

export function canSeeRecord(user: AuthUser, row: { institution_id: string; leder_visible: number }): boolean {
  if (!canSeeInstitution(user, row.institution_id)) return false;
  return user.role !== 'leder' || row.leder_visible === LEDER_VISIBLE;
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
