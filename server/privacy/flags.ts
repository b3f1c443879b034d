import { findPersonalData, PERSONAL_DATA_KINDS, type PersonalDataKind } from '../../shared/privacy';
import type { PrivacyFlag } from '../../shared/privacyFlags';
import { stringsIn, type RecordType } from '../../shared/records';
import { uuidv7 } from '../../shared/ids';
import { fromJson, fromJsonObject } from '../db/json';
import type { Db } from '../sync/records';

export interface FlagSite {
  recordType: RecordType;
  recordId: string;
  institutionId: string;
  field: string;
  kinds: ReadonlySet<PersonalDataKind>;
  userId: string | null;
  now: string;
}

/** One open flag per (record, field, kind): found again, it is stamped again rather than repeated. */
export async function raiseFlags(db: Db, site: FlagSite): Promise<void> {
  for (const kind of site.kinds) {
    const open = await db
      .selectFrom('privacy_flags')
      .select('id')
      .where('record_type', '=', site.recordType)
      .where('record_id', '=', site.recordId)
      .where('field', '=', site.field)
      .where('kind', '=', kind)
      .where('cleared_at', 'is', null)
      .executeTakeFirst();
    if (open) {
      await db.updateTable('privacy_flags').set({ last_found_at: site.now, user_id: site.userId }).where('id', '=', open.id).execute();
    } else {
      await db
        .insertInto('privacy_flags')
        .values({
          id: uuidv7(),
          record_type: site.recordType,
          record_id: site.recordId,
          institution_id: site.institutionId,
          field: site.field,
          kind,
          found_at: site.now,
          last_found_at: site.now,
          user_id: site.userId,
          cleared_at: null,
        })
        .execute();
    }
  }
}

/**
 * Every stored value of one field of one record: the record now, each stored revision, and both
 * sides (and the base) of its conflicts on that field. What a purge must reach, and where the
 * flag list looks for the matches to show.
 */
export async function storedValues(db: Db, recordType: string, recordId: string, field: string): Promise<unknown[]> {
  const values: unknown[] = [];
  const record = await db.selectFrom('records').select('data').where('type', '=', recordType).where('id', '=', recordId).executeTakeFirst();
  if (record) values.push(fromJsonObject(record.data)[field]);
  for (const r of await db.selectFrom('record_revisions').select('data').where('type', '=', recordType).where('id', '=', recordId).execute()) values.push(fromJsonObject(r.data)[field]);
  const conflicts = await db.selectFrom('conflicts').select(['base_value', 'server_value', 'client_value']).where('record_type', '=', recordType).where('record_id', '=', recordId).where('field', '=', field).execute();
  for (const c of conflicts) values.push(c.base_value === null ? null : fromJson(c.base_value), fromJson(c.server_value), fromJson(c.client_value));
  return values;
}

/** The matches of one kind in a field's stored values, each once, as written. */
export function matchesIn(values: readonly unknown[], kind: PersonalDataKind): string[] {
  const found = new Set<string>();
  for (const v of values) for (const t of stringsIn(v)) for (const f of findPersonalData(t)) if (f.kind === kind) for (const m of f.texts) found.add(m);
  return [...found];
}

/** Open flags, newest first, with the matches as stored now (forvaltning sees all institutions). */
export async function listPrivacyFlags(db: Db): Promise<PrivacyFlag[]> {
  const rows = await db
    .selectFrom('privacy_flags')
    .leftJoin('institutions', 'institutions.id', 'privacy_flags.institution_id')
    .selectAll('privacy_flags')
    .select('institutions.data as institution')
    .where('cleared_at', 'is', null)
    .orderBy('last_found_at', 'desc')
    .orderBy('id')
    .limit(1000)
    .execute();
  const flags: PrivacyFlag[] = [];
  for (const r of rows) {
    const values = await storedValues(db, r.record_type, r.record_id, r.field);
    const kind = PERSONAL_DATA_KINDS.find((k) => k === r.kind) ?? 'cpr';
    flags.push({
      id: r.id,
      recordType: r.record_type as RecordType,
      recordId: r.record_id,
      institutionId: r.institution_id,
      institutionName: r.institution ? String(fromJsonObject(r.institution).name ?? '') : '',
      field: r.field,
      kind,
      foundAt: r.found_at,
      lastFoundAt: r.last_found_at,
      matches: matchesIn(values, kind),
    });
  }
  return flags;
}

/**
 * After a purge: close the field's flags, and open them again for what the stored values still
 * hold (another CPR number in the same note, say), so the list stays true.
 */
export async function recheckFlags(db: Db, site: Omit<FlagSite, 'kinds'>): Promise<void> {
  await db
    .updateTable('privacy_flags')
    .set({ cleared_at: site.now })
    .where('record_type', '=', site.recordType)
    .where('record_id', '=', site.recordId)
    .where('field', '=', site.field)
    .where('cleared_at', 'is', null)
    .execute();
  const values = await storedValues(db, site.recordType, site.recordId, site.field);
  const kinds = new Set(PERSONAL_DATA_KINDS.filter((k) => matchesIn(values, k).length > 0));
  if (kinds.size > 0) await raiseFlags(db, { ...site, kinds });
}

/** Forvaltning judged a flag a false positive ("12 34 56 78" was an order number): closed, not purged. Null when no open flag has the id. */
export async function dismissFlag(db: Db, id: string, now: string): Promise<{ recordType: string; recordId: string; field: string; kind: string } | null> {
  const flag = await db.selectFrom('privacy_flags').select(['record_type', 'record_id', 'field', 'kind']).where('id', '=', id).where('cleared_at', 'is', null).executeTakeFirst();
  if (!flag) return null;
  await db.updateTable('privacy_flags').set({ cleared_at: now }).where('id', '=', id).execute();
  return { recordType: flag.record_type, recordId: flag.record_id, field: flag.field, kind: flag.kind };
}
