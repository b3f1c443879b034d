import { INSPECTION_STATUSES, STATUS_LABELS, type InspectionStatus } from '../../shared/inspection';
import { canTransition, isEditable } from '../../shared/lifecycle';
import type { RecordType } from '../../shared/records';
import type { AuthUser } from '../auth/tokens';

/**
 * What a user may change, beyond what they may see (visibility.ts). Every function returns a Danish
 * reason for the rejection, or null when the change is allowed.
 */

/**
 * Fields a leder may write, per record type. None yet: the høring feature adds the leader's answer
 * fields on anbefaling here. Scores are never among them.
 */
export const LEDER_WRITABLE_FIELDS: Partial<Record<RecordType, readonly string[]>> = {};

export function writeRightReason(user: AuthUser, type: RecordType, fields: readonly string[]): string | null {
  if (user.role !== 'leder') return null;
  if (type === 'themeScore') return 'En leder kan aldrig ændre scorer';
  if (type === 'fokuspunktNote' && fields.includes('step')) return 'En leder kan aldrig ændre scorer';
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
};

const FIELD_LABELS: Record<string, string> = {
  institutionId: 'institutionen',
  frameworkId: 'rammeversionen',
  inspectionId: 'tilsynet',
  themeId: 'temaet',
  fokuspunktId: 'fokuspunktet',
};

export function immutableReason(type: RecordType, field: string): string {
  return `${FIELD_LABELS[field] ?? field} kan ikke ændres, når posten er oprettet`.replace(/^./, (c) => c.toUpperCase());
}

const label = (s: unknown) => STATUS_LABELS[s as InspectionStatus] ?? String(s);

/**
 * The statuses a new inspection may arrive in: "planlagt" and whatever the lifecycle reaches from it.
 * A device may create an inspection and move it on before its first sync (and fold the changes into
 * one outbox row); what it could have done step by step is allowed at once.
 */
export function statusesReachableFromStart(): Set<InspectionStatus> {
  const reached = new Set<InspectionStatus>(['planlagt']);
  const queue: InspectionStatus[] = ['planlagt'];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const to of INSPECTION_STATUSES) {
      if (!reached.has(to) && canTransition(from, to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  return reached;
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

export function transitionReason(from: InspectionStatus, to: InspectionStatus): string | null {
  return canTransition(from, to) ? null : `Et tilsyn kan ikke gå fra "${label(from)}" til "${label(to)}"`;
}

/** Scores, notes, anerkendelser and anbefalinger change only while the inspection is being worked on. */
export function childEditReason(parentStatus: InspectionStatus): string | null {
  return isEditable(parentStatus) ? null : `Tilsynet er "${label(parentStatus)}": scorer og tekster kan ikke længere ændres`;
}
