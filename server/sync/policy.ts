import { INSPECTION_STATUSES, STATUS_LABELS, type InspectionStatus } from '../../shared/inspection';
import { INITIAL_STATUSES, LEDER_CANNOT_CHANGE_STATUS, isEditable } from '../../shared/lifecycle';
import { reasonMessage, transitionRule } from '../../shared/rules';
import type { RecordType } from '../../shared/records';
import type { AuthUser } from '../auth/tokens';

/**
 * What a user may change, beyond what they may see (visibility.ts). Every function returns a Danish
 * reason for the rejection, or null when the change is allowed.
 */

/**
 * Fields a leder may write, per record type: the høring answers and comment, and the follow-up
 * fields of an opfølgning item. Scores are never among them.
 */
export const LEDER_WRITABLE_FIELDS: Partial<Record<RecordType, readonly string[]>> = {
  hoeringssvar: ['inspectionId', 'anbefalingId', 'answer', 'text'],
  hoeringskommentar: ['inspectionId', 'text'],
  opfoelgning: ['status', 'owner', 'dueDate', 'notes'],
};

/** Record types only the institution's leder writes; the consultant reads them. */
export const LEDER_ONLY_TYPES: readonly RecordType[] = ['hoeringssvar', 'hoeringskommentar'];

export const LEDER_NEVER_SCORES = 'En leder kan aldrig ændre scorer';
export const ONLY_LEDER_ANSWERS = 'Kun institutionens leder kan skrive høringssvar';
export const FOLLOW_UP_FIELDS_ARE_LEDERS = 'Status, ansvarlig, frist og noter på et opfølgningspunkt opdateres af institutionens leder';
export const VERSION_IS_FROZEN = 'En endelig rapportversion kan ikke ændres. Vælg «Ret endelig rapport» for at lave en ny version';

/**
 * The user's right to write these fields of a record of this type. `fields` are the fields the
 * mutation sends; for a follow-up item updated by a consultant, only those it really changes.
 */
export function writeRightReason(user: AuthUser, type: RecordType, fields: readonly string[], creating = false): string | null {
  if (user.role !== 'leder') {
    if (LEDER_ONLY_TYPES.includes(type)) return ONLY_LEDER_ANSWERS;
    if (type === 'opfoelgning' && !creating && fields.some((f) => LEDER_WRITABLE_FIELDS.opfoelgning!.includes(f))) return FOLLOW_UP_FIELDS_ARE_LEDERS;
    return null;
  }
  if (type === 'themeScore') return LEDER_NEVER_SCORES;
  if (type === 'fokuspunktNote' && fields.includes('step')) return LEDER_NEVER_SCORES;
  if (type === 'inspection' && fields.includes('status')) return 'En leder kan ikke ændre et tilsyns status';
  if (type === 'opfoelgning' && creating) return 'Opfølgningspunkter oprettes, når konsulenten gør rapporten endelig';
  const allowed = LEDER_WRITABLE_FIELDS[type] ?? [];
  if (fields.length > 0 && fields.every((f) => allowed.includes(f))) return null;
  return 'Som leder kan du læse tilsynet, men ikke ændre det';
}

/** Fields fixed when a record is created: an inspection cannot move institution or framework. */
export const IMMUTABLE_FIELDS: Record<RecordType, readonly string[]> = {
  inspection: ['institutionId', 'frameworkId'],
  themeScore: ['inspectionId', 'themeId'],
  fokuspunktNote: ['inspectionId', 'themeId', 'fokuspunktId'],
  anerkendelse: ['inspectionId'],
  anbefaling: ['inspectionId'],
  hoeringssvar: ['inspectionId', 'anbefalingId'],
  hoeringskommentar: ['inspectionId'],
  rapportversion: ['inspectionId', 'version'],
  opfoelgning: ['inspectionId', 'institutionId', 'anbefalingId'],
};

const FIELD_LABELS: Record<string, string> = {
  institutionId: 'institutionen',
  frameworkId: 'rammeversionen',
  inspectionId: 'tilsynet',
  themeId: 'temaet',
  fokuspunktId: 'fokuspunktet',
  anbefalingId: 'anbefalingen',
  version: 'versionsnummeret',
};

export function immutableReason(type: RecordType, field: string): string {
  return `${FIELD_LABELS[field] ?? field} kan ikke ændres, når posten er oprettet`.replace(/^./, (c) => c.toUpperCase());
}

const label = (s: unknown) => STATUS_LABELS[s as InspectionStatus] ?? String(s);

/** The statuses a new inspection may arrive in (never "endelig": finalising makes a report version). */
export function statusesReachableFromStart(): Set<InspectionStatus> {
  return new Set(INITIAL_STATUSES);
}

export function newInspectionReason(status: InspectionStatus): string | null {
  const allowed = statusesReachableFromStart();
  if (allowed.has(status)) return null;
  const names = INSPECTION_STATUSES.filter((s) => allowed.has(s)).map((s) => label(s).toLowerCase());
  return `Et nyt tilsyn skal starte som ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' eller ' : ''}${names[names.length - 1]} (ikke "${label(status)}")`;
}

/** Changes to an inspection other than its status need an inspection that is still being worked on. */
export function inspectionEditReason(currentStatus: InspectionStatus): string | null {
  return isEditable(currentStatus) ? null : `Tilsynet er "${label(currentStatus)}" og kan ikke længere ændres`;
}

/**
 * A status change, judged on the server's current status by shared/lifecycle: the role may make it,
 * the lifecycle has the edge, and reopening a final report carries a reason.
 */
export function transitionReason(user: AuthUser, from: InspectionStatus, to: InspectionStatus, inspection: { correctionReason?: string | undefined } = {}): string | null {
  if (user.role === 'leder') return LEDER_CANNOT_CHANGE_STATUS;
  const verdict = transitionRule(from, to, inspection.correctionReason ?? '');
  return verdict && !verdict.ok ? reasonMessage(verdict) : null;
}

/** Scores, notes, anerkendelser and anbefalinger change only while the inspection is being worked on. */
export function childEditReason(parentStatus: InspectionStatus): string | null {
  return isEditable(parentStatus) ? null : `Tilsynet er "${label(parentStatus)}": scorer og tekster kan ikke længere ændres`;
}

/** The parent inspection's status a child record of `type` needs to be created (or changed). */
export function childStatusReason(type: RecordType, parentStatus: InspectionStatus, creating: boolean): string | null {
  switch (type) {
    case 'hoeringssvar':
    case 'hoeringskommentar':
      return parentStatus === 'i_hoering' ? null : `Tilsynet er "${label(parentStatus)}": høringssvar kan kun gives, mens tilsynet er i høring`;
    case 'rapportversion':
      return !creating || parentStatus === 'endelig' ? null : 'En rapportversion kan kun laves af et endeligt tilsyn';
    case 'opfoelgning':
      // Follow-up goes on after the report: while a correction is written, too.
      return !creating || parentStatus === 'endelig' ? null : 'Opfølgningspunkter oprettes, når rapporten er endelig';
    default:
      return childEditReason(parentStatus);
  }
}
