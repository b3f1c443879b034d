import type { Kysely, Transaction } from 'kysely';
import { PURGED_MARK, type PurgeRequest, type PurgeResult } from '../../shared/privacyFlags';
import { MUTABLE_RECORDS, isFreeTextField, stringsIn } from '../../shared/records';
import type { ReportCorrection } from '../../shared/reportVersion';
import type { PushResult } from '../../shared/sync/wire';
import type { AuthUser } from '../auth/tokens';
import { fromJson, fromJsonObject, toJson } from '../db/json';
import type { Database } from '../db/schema';
import { writeTransaction } from '../db/sequence';
import { HttpError } from '../errors';
import { fieldSchema, type FieldRevs } from '../sync/records';
import { danishErrors } from '../validate';
import { recheckFlags, storedValues } from './flags';

/** The client id a purge writes under in field_revs and record_revisions: no device has it. */
export const PURGE_CLIENT_ID = 'server:purge';

/** What the audit row says of a purge; never the purged text. */
export interface PurgeAuditDetails {
  recordType: string;
  recordId: string;
  field: string;
  wholeField: boolean;
  reason: string;
  rev: number;
  revisions: number;
  conflicts: number;
}

/** Replace every occurrence of `text` in every string of a value (a text, a list, a snapshot). */
function replaceIn(value: unknown, text: string): unknown {
  if (typeof value === 'string') return value.split(text).join(PURGED_MARK);
  if (Array.isArray(value)) return value.map((v) => replaceIn(v, text));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIn(v, text)]));
  return value;
}

/** The empty value of a field: its schema default ('' or []), or absent for an optional field. */
function emptyValue(type: PurgeRequest['recordType'], field: string): { value: unknown } {
  const schema = fieldSchema(type, field)!;
  const d = schema.safeParse(undefined);
  if (d.success) return { value: d.data };
  if (schema.safeParse('').success) return { value: '' };
  throw new HttpError(400, 'Feltet kan ikke tømmes helt. Vælg den tekst, der skal fjernes', { code: 'ugyldig' });
}

/**
 * Remove a text (or a whole field) from a record, every stored revision of it, its conflicts on that
 * field and the push answers that carried those conflicts, in one transaction with its audit row.
 *
 * The record gets a new revision and sequence number, so every device's next pull replaces its
 * copy; the field is marked changed by the purge, so a device's older pending edit of it meets a
 * conflict instead of silently writing the text back (docs/sync-protocol.md). A frozen report
 * version gets a documented correction in its `corrections` list.
 */
export async function purgeText(
  db: Kysely<Database>,
  actor: AuthUser,
  input: PurgeRequest,
  auditIn: (trx: Transaction<Database>, details: PurgeAuditDetails) => Promise<void>,
  now: Date = new Date(),
): Promise<PurgeResult> {
  const { recordType: type, recordId: id, field, text, reason } = input;
  if (!isFreeTextField(type, field)) throw new HttpError(400, `Feltet «${field}» er ikke et tekstfelt i denne posttype`, { code: 'ugyldig' });
  const empty = text === undefined ? emptyValue(type, field) : null;
  const clean = (value: unknown): unknown => (empty ? empty.value : replaceIn(value, text!));
  const changes = (value: unknown): boolean => (empty ? toJson(value) !== toJson(empty.value) : stringsIn(value).some((s) => s.includes(text!)));
  const at = now.toISOString();

  return writeTransaction(db, async (trx, seq) => {
    const row = await trx.selectFrom('records').selectAll().where('type', '=', type).where('id', '=', id).executeTakeFirst();
    if (!row) throw new HttpError(404, 'Posten findes ikke', { code: 'findes_ikke' });
    const before = await storedValues(trx, type, id, field);
    if (!before.some(changes)) throw new HttpError(404, text === undefined ? 'Feltet er allerede tomt' : 'Teksten findes ikke i feltet, dets gemte versioner eller konflikter', { code: 'findes_ikke' });

    // The record: a new revision with the purged value (and, for a report version, why).
    const rev = row.rev + 1;
    const data = fromJsonObject(row.data);
    const next: Record<string, unknown> = { ...data, rev, updatedAt: at };
    const value = clean(data[field]);
    if (value === undefined) delete next[field];
    else next[field] = value;
    const fieldRevs = fromJsonObject(row.field_revs) as FieldRevs;
    fieldRevs[field] = [rev, PURGE_CLIENT_ID];
    if (type === 'rapportversion') {
      const correction: ReportCorrection = { at, by: actor.displayName, reason, field };
      next.corrections = [...(Array.isArray(data.corrections) ? data.corrections : []), correction];
      fieldRevs.corrections = [rev, PURGE_CLIENT_ID];
    }
    const parsed = MUTABLE_RECORDS[type].safeParse(next, { error: danishErrors });
    if (!parsed.success) throw new HttpError(409, 'Posten ville blive ugyldig uden teksten. Vælg en anden tekst eller hele feltet', { code: 'ugyldig' });
    const json = toJson(next);
    await trx.updateTable('records').set({ data: json, field_revs: toJson(fieldRevs), rev, updated_at: at, seq: seq.next() }).where('type', '=', type).where('id', '=', id).execute();

    // Every stored revision.
    let revisions = 0;
    for (const r of await trx.selectFrom('record_revisions').select(['rev', 'data']).where('type', '=', type).where('id', '=', id).execute()) {
      const d = fromJsonObject(r.data);
      if (!Object.hasOwn(d, field) || !changes(d[field])) continue;
      const v = clean(d[field]);
      if (v === undefined) delete d[field];
      else d[field] = v;
      await trx.updateTable('record_revisions').set({ data: toJson(d) }).where('type', '=', type).where('id', '=', id).where('rev', '=', r.rev).execute();
      revisions++;
    }
    await trx.insertInto('record_revisions').values({ type, id, rev, data: json, client_id: PURGE_CLIENT_ID, user_id: actor.id, mutation_id: null, created_at: at }).execute();

    // Conflicts on the field, open or settled; a new seq, so devices pull the cleaned conflict.
    let conflicts = 0;
    for (const c of await trx.selectFrom('conflicts').select(['id', 'base_value', 'server_value', 'client_value']).where('record_type', '=', type).where('record_id', '=', id).where('field', '=', field).execute()) {
      const values = [c.base_value === null ? null : fromJson(c.base_value), fromJson(c.server_value), fromJson(c.client_value)];
      if (!values.some(changes)) continue;
      await trx
        .updateTable('conflicts')
        .set({
          base_value: c.base_value === null ? null : toJson(clean(values[0]) ?? null),
          server_value: toJson(clean(values[1]) ?? null),
          client_value: toJson(clean(values[2]) ?? null),
          seq: seq.next(),
        })
        .where('id', '=', c.id)
        .execute();
      conflicts++;
    }

    // Stored push answers repeat their conflicts' values (a retry gets the same answer).
    for (const m of await trx.selectFrom('mutations').select(['client_id', 'mutation_id', 'result']).where('record_type', '=', type).where('record_id', '=', id).execute()) {
      const result = fromJson<PushResult>(m.result);
      if (!result.conflicts.some((c) => c.field === field && [c.baseValue, c.serverValue, c.clientValue].some(changes))) continue;
      const cleaned: PushResult = {
        ...result,
        conflicts: result.conflicts.map((c) =>
          c.field !== field ? c : { ...c, ...(c.baseValue === undefined ? {} : { baseValue: clean(c.baseValue) ?? null }), serverValue: clean(c.serverValue) ?? null, clientValue: clean(c.clientValue) ?? null },
        ),
      };
      await trx.updateTable('mutations').set({ result: toJson(cleaned) }).where('client_id', '=', m.client_id).where('mutation_id', '=', m.mutation_id).execute();
    }

    await recheckFlags(trx, { recordType: type, recordId: id, institutionId: row.institution_id, field, userId: actor.id, now: at });
    await auditIn(trx, { recordType: type, recordId: id, field, wholeField: text === undefined, reason, rev, revisions, conflicts });
    return { recordType: type, recordId: id, field, rev, revisions, conflicts };
  });
}
