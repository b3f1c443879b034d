import { DEFAULT_SCALE_LABELS } from '../../shared/framework';
import { i18n, translate } from '../../shared/i18n/i18n';
import { MUTABLE_RECORDS, type RecordType } from '../../shared/records';
import type { Conflict } from '../../shared/sync/wire';
import type { TilsynDatabase } from '../db/database';
import { writeResolution } from '../db/recordStore';

export type Resolution = 'mine' | 'theirs' | 'both';

/** "Mine" is what this installation sent; on the other side of the conflict, it is what the server kept. */
export function sides(conflict: Conflict, myClientId: string): { mine: unknown; theirs: unknown; theirName: string } {
  return conflict.clientId === myClientId
    ? { mine: conflict.clientValue, theirs: conflict.serverValue, theirName: translate('sync:conflicts.colleagueOnServer') }
    : { mine: conflict.serverValue, theirs: conflict.clientValue, theirName: conflict.userName };
}

/** Only text can be kept "both": one after the other, with a visible seam. */
export function canKeepBoth(conflict: Conflict): boolean {
  return typeof conflict.serverValue === 'string' && typeof conflict.clientValue === 'string';
}

export function resolvedValue(conflict: Conflict, myClientId: string, choice: Resolution): unknown {
  const { mine, theirs } = sides(conflict, myClientId);
  if (choice === 'mine') return mine;
  if (choice === 'theirs') return theirs;
  return `${String(mine).trimEnd()}\n\n${String(theirs).trim()}`;
}

/** Resolving a conflict is a new change like any other, made through the record store (writeResolution). */
export async function resolveConflict(db: TilsynDatabase, conflict: Conflict, myClientId: string, choice: Resolution): Promise<void> {
  const type = conflict.recordType as RecordType;
  if (!(type in MUTABLE_RECORDS)) throw new Error(translate('sync:conflicts.unknownType'));
  await writeResolution(db, type, conflict.recordId, { field: conflict.field, value: resolvedValue(conflict, myClientId, choice), conflictId: conflict.id, serverRev: conflict.serverRev });
}

/** A field's label ("Frist"), or undefined for a field users do not name (ids, timestamps). */
export function fieldLabel(field: string): string | undefined {
  return i18n.exists(`sync:field.${field}`) ? translate(`sync:field.${field}`) : undefined;
}

/** A record type's name ("Anbefaling"), or undefined for a type this version does not know. */
export function recordLabel(recordType: string): string | undefined {
  return i18n.exists(`sync:record.${recordType}`) ? translate(`sync:record.${recordType}`) : undefined;
}

/** What a record the server has not seen yet is called ("Ny anbefaling"). */
export function newRecordLabel(recordType: string): string | undefined {
  return i18n.exists(`sync:newRecord.${recordType}`) ? translate(`sync:newRecord.${recordType}`) : undefined;
}

export function formatValue(v: unknown, field?: string): string {
  if (v === null || v === undefined || v === '') return translate('sync:value.empty');
  if (field === 'step' && typeof v === 'number' && v >= 1 && v <= 4) return `${v} – ${DEFAULT_SCALE_LABELS[v - 1]}`;
  if (typeof v === 'boolean') return translate(v ? 'sync:value.yes' : 'sync:value.no');
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
