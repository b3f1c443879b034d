import { formatNumericDate } from '../../shared/dates';
import { CURRENT_FRAMEWORK } from '../../shared/frameworks/v1';
import { RECORD_TYPES, type RecordType } from '../../shared/records';
import type { TilsynDatabase } from '../db/database';
import { tableOf } from '../db/recordStore';
import { translate } from '../../shared/i18n/i18n';
import { fieldLabel, newRecordLabel, recordLabel } from './conflicts';

/** A change the user made, as the sync page names it: where it belongs and what it touched. */
export interface ChangeDescription {
  /** "Ny anbefaling", "Vurdering af tema «Leg»", "Anbefaling slettet". */
  what: string;
  /** "Agerhønen", or null when the change belongs to no institution this computer knows. */
  institution: string | null;
  inspectionId: string | null;
  /** "Tilsyn 12.01.2026" */
  inspection: string | null;
  /** The labels of the content fields changed; ids and timestamps are left out, and a new record's empty fields. */
  fields: string[];
}

interface ChangeLike {
  recordType: string;
  recordId: string;
  baseRev: number;
  fields: Record<string, unknown>;
}

const KNOWN = new Set<string>(RECORD_TYPES);

/** Names outbox rows and rejections by institution, inspection (date) and field labels. */
export async function describeChanges(db: TilsynDatabase, changes: readonly ChangeLike[]): Promise<ChangeDescription[]> {
  const records = await Promise.all(
    changes.map((c) => (KNOWN.has(c.recordType) ? tableOf(db, c.recordType as RecordType).get(c.recordId) : Promise.resolve(undefined))),
  );
  const merged = changes.map((c, i) => ({ ...(records[i] as Record<string, unknown> | undefined), ...c.fields }));
  const inspectionIds = changes.map((c, i) => (c.recordType === 'inspection' ? c.recordId : typeof merged[i]!.inspectionId === 'string' ? (merged[i]!.inspectionId as string) : null));
  const inspections = await db.inspections.bulkGet([...new Set(inspectionIds.filter((id): id is string => id !== null))]);
  const byId = new Map(inspections.filter((i) => i !== undefined).map((i) => [i.id, i]));
  const institutionIds = changes.map((_, i) => {
    const own = merged[i]!.institutionId;
    if (typeof own === 'string') return own;
    const id = inspectionIds[i];
    return id ? (byId.get(id)?.institutionId ?? null) : null;
  });
  const institutions = await db.institutions.bulkGet([...new Set(institutionIds.filter((id): id is string => id !== null))]);
  const names = new Map(institutions.filter((i) => i !== undefined).map((i) => [i.id, i.name]));

  return changes.map((c, i) => {
    const record = merged[i]!;
    const inspectionId = inspectionIds[i] ?? null;
    const date = inspectionId ? (byId.get(inspectionId)?.date ?? (c.recordType === 'inspection' && typeof record.date === 'string' ? record.date : undefined)) : undefined;
    const institutionId = institutionIds[i];
    return {
      what: whatOf(c, record),
      institution: institutionId ? (names.get(institutionId) ?? null) : null,
      inspectionId,
      inspection: inspectionId ? (date ? translate('sync:change.inspection', { date: formatNumericDate(date) }) : translate('sync:change.inspectionNoDate')) : null,
      fields: Object.keys(c.fields)
        .filter((f) => f !== 'deleted' && (c.baseRev > 0 || !isEmpty(c.fields[f])))
        .flatMap((f) => fieldLabel(f) ?? []),
    };
  });
}

/** A new record's empty defaults say nothing about what the user wrote; on an edit, a cleared field does. */
function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

function whatOf(c: ChangeLike, record: Record<string, unknown>): string {
  const label = recordLabel(c.recordType) ?? c.recordType;
  const theme = typeof record.themeId === 'string' ? CURRENT_FRAMEWORK.themes.find((t) => t.id === record.themeId)?.name : undefined;
  const onTheme = theme ? ` «${theme}»` : '';
  if (c.fields.deleted === true) return translate('sync:change.deleted', { label: `${label}${onTheme}` });
  if (c.baseRev === 0) return `${newRecordLabel(c.recordType) ?? label}${onTheme}`;
  return `${label}${onTheme}`;
}

/** How many unsent changes wait per inspection (the institution page shows it beside each inspection). */
export async function pendingPerInspection(db: TilsynDatabase): Promise<Map<string, number>> {
  const rows = await db.outbox.toArray();
  const records = await Promise.all(
    rows.map((r) => (r.recordType === 'inspection' || typeof r.fields.inspectionId === 'string' ? undefined : tableOf(db, r.recordType).get(r.recordId))),
  );
  const counts = new Map<string, number>();
  rows.forEach((r, i) => {
    const id = r.recordType === 'inspection' ? r.recordId : typeof r.fields.inspectionId === 'string' ? r.fields.inspectionId : (records[i] as { inspectionId?: unknown } | undefined)?.inspectionId;
    if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return counts;
}
