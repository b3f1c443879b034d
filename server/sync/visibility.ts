import type { SelectQueryBuilder } from 'kysely';
import { independentScoreReadable } from '../../shared/calibration/records';
import type { InspectionStatus } from '../../shared/inspection';
import { fromJsonObject } from '../db/json';
import type { RecordType } from '../../shared/records';
import type { AuthUser } from '../auth/tokens';
import type { Database } from '../db/schema';
import type { selectConflicts } from './conflicts';

type ConflictQuery = ReturnType<typeof selectConflicts>;

/**
 * Who may see what, decided on the server:
 * - forvaltning: everything;
 * - konsulent: the institutions they are assigned to;
 * - leder: their linked institutions, and of those only inspections (with their child records)
 *   that have been sent to høring or are final; final report versions, follow-up items, skærpet-tilsyn
 *   cases and handleplaner (the leder is told of the plan, § 5 b stk. 5) always.
 */
/**
 * Before høring nothing of an inspection reaches the leder, whatever its visit type: this is also
 * what keeps a planned unannounced visit (dagtilbudsloven § 5 a stk. 2) from their pull, pushes,
 * exports and screens. Should announced visits ever be shown to the leder while planned, uanmeldt
 * ones must stay out (tests/unit/server/unannouncedVisit.test.ts, docs/tilsynsramme.md).
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
export const LEDER_ALWAYS_VISIBLE_TYPES: readonly RecordType[] = ['rapportversion', 'opfoelgning', 'bestyrelsesorientering', 'publicering', 'tilbagetraekning', 'skaerpetTilsyn', 'handleplan'];

/**
 * Record types a leder never sees, whatever the status (issue 16: independent scores and the double
 * scoring behind them; the leder sees the consensus as the inspection's official themeScore steps).
 */
export const LEDER_NEVER_VISIBLE_TYPES: readonly RecordType[] = ['dobbeltscoring', 'uafhaengigScore'];

/**
 * Fields a leder's device never receives, even of a record they may see: forvaltning's written
 * reasons for assigning a consultant despite a relation (kept for the audit trail, never in a report).
 */
const LEDER_HIDDEN_FIELDS: Partial<Record<RecordType, readonly string[]>> = { inspection: ['impartialityOverrides'] };

/** The record's data as a leder may hold it. */
export function forLeder(type: RecordType, data: Record<string, unknown>): Record<string, unknown> {
  const hidden = LEDER_HIDDEN_FIELDS[type];
  if (!hidden) return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => !hidden.includes(k)));
}

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
  if (LEDER_NEVER_VISIBLE_TYPES.includes(type)) return LEDER_HIDDEN;
  if (LEDER_ALWAYS_VISIBLE_TYPES.includes(type)) return LEDER_VISIBLE;
  return parentLederVisible === LEDER_VISIBLE ? LEDER_VISIBLE : LEDER_HIDDEN;
}

/**
 * The one visibility rule, as data: which institutions, and for a leder only the records shown to
 * them. Everything below (single records, SQL filters for pull, exports and statistics) is derived
 * from it, so pull, push and every read route see the same records.
 */
export interface ReadScope {
  /** Every institution (forvaltning). */
  all: boolean;
  /** The institutions, when not `all`. */
  institutionIds: readonly string[];
  /** A leder: only records with leder_visible = 1 (and no conflicts). */
  lederVisibleOnly: boolean;
}

/** Every record, for aggregates that never show a row about one institution (server/stats). */
export const ALL_RECORDS: ReadScope = { all: true, institutionIds: [], lederVisibleOnly: false };

export function readScopeOf(user: Pick<AuthUser, 'role' | 'institutionIds'>): ReadScope {
  const all = user.role === 'forvaltning';
  return { all, institutionIds: all ? [] : user.institutionIds, lederVisibleOnly: user.role === 'leder' };
}

/** The scope covers nothing at all (a user without institutions). */
export function isEmptyScope(scope: ReadScope): boolean {
  return !scope.all && scope.institutionIds.length === 0;
}

export function canSeeInstitution(user: Pick<AuthUser, 'role' | 'institutionIds'>, institutionId: string): boolean {
  const scope = readScopeOf(user);
  return scope.all || scope.institutionIds.includes(institutionId);
}

export function canSeeRecord(user: Pick<AuthUser, 'id' | 'role' | 'institutionIds'>, row: { institution_id: string; leder_visible: number; type?: string; data?: string }): boolean {
  return (
    canSeeInstitution(user, row.institution_id) &&
    (!readScopeOf(user).lederVisibleOnly || row.leder_visible === LEDER_VISIBLE) &&
    (row.type === undefined || row.data === undefined || blindRecordReadable(user, row.type, row.data))
  );
}

/**
 * A rater's blind set (issue 16) reaches nobody but its rater until both sets of the visit are
 * sealed, then both raters and forvaltning (shared/calibration/records.ts independentScoreReadable).
 * Applied on top of the institution scope, in pull, push answers and the request checks.
 */
export function blindRecordReadable(user: Pick<AuthUser, 'id' | 'role'>, type: string, data: string): boolean {
  return type !== 'uafhaengigScore' || independentScoreReadable(user, fromJsonObject(data));
}

/** A conflict on a blind set is its rater's (only they write it), never anyone else's to see. */
export function blindConflictReadable(user: Pick<AuthUser, 'id'>, recordType: string, recordId: string): boolean {
  return recordType !== 'uafhaengigScore' || recordId.endsWith(`:${user.id}`);
}

/** Conflicts are about concurrent edits by those who write; a leder never sees them. */
export function seesConflicts(scope: ReadScope): boolean {
  return !scope.lederVisibleOnly;
}

/**
 * The SQL side of canSeeRecord, for queries over many records. `withdrawn`: also the records taken
 * back from a leder, which their pull names as withdrawn (without data).
 */
export function recordsWithin<O>(q: SelectQueryBuilder<Database, 'records', O>, scope: ReadScope, opts: { withdrawn?: boolean } = {}): SelectQueryBuilder<Database, 'records', O> {
  let out = q;
  if (!scope.all) out = out.where('records.institution_id', 'in', [...scope.institutionIds]);
  if (scope.lederVisibleOnly) out = out.where('records.leder_visible', 'in', opts.withdrawn ? [LEDER_VISIBLE, LEDER_WITHDRAWN] : [LEDER_VISIBLE]);
  return out;
}

/** The SQL side of canSeeInstitution. */
export function institutionsWithin<O>(q: SelectQueryBuilder<Database, 'institutions', O>, scope: ReadScope): SelectQueryBuilder<Database, 'institutions', O> {
  return scope.all ? q : q.where('institutions.id', 'in', [...scope.institutionIds]);
}

/** The SQL side for conflicts (call only when seesConflicts). */
export function conflictsWithin(q: ConflictQuery, scope: ReadScope): ConflictQuery {
  return scope.all ? q : q.where('conflicts.institution_id', 'in', [...scope.institutionIds]);
}
