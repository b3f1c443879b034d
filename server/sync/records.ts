import type { Selectable, Transaction, Kysely } from 'kysely';
import type { z } from 'zod';
import { MUTABLE_RECORDS, SYSTEM_FIELDS, type RecordType } from '../../shared/records';
import type { RecordState } from '../../shared/sync/wire';
import { fromJsonObject } from '../db/json';
import { jsonEqual } from '../../shared/sync/jsonEqual';
import type { Database, RecordsTable } from '../db/schema';

export type RecordRow = Selectable<RecordsTable>;
export type Db = Kysely<Database> | Transaction<Database>;

/** field → [rev, clientId]: the revision and the client that last changed the field. */
export type FieldRevs = Record<string, [number, string]>;

const SYSTEM = new Set<string>(SYSTEM_FIELDS);

/** The fields a mutation really changes: the bookkeeping fields (id, rev, updatedAt) removed. */
export function userFieldsOf(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (!SYSTEM.has(k)) out[k] = v;
  return out;
}

/**
 * Each record type's field schemas as an own-key table: a field named `toString` or `constructor`
 * is a field the schema does not know (a newer client's), never a method of Object.prototype.
 */
const FIELD_SCHEMAS = new Map<RecordType, ReadonlyMap<string, z.ZodType>>(
  (Object.keys(MUTABLE_RECORDS) as RecordType[]).map((t) => [t, new Map(Object.entries((MUTABLE_RECORDS[t] as unknown as { shape: Record<string, z.ZodType> }).shape))]),
);

/** The schema of one field of a record type, or undefined for a field the schema does not know. */
export function fieldSchema(type: RecordType, field: string): z.ZodType | undefined {
  return FIELD_SCHEMAS.get(type)!.get(field);
}

/** True when `value` is the field's schema default: what a device sends for a field nobody typed in. */
export function isSchemaDefault(type: RecordType, field: string, value: unknown): boolean {
  const d = fieldSchema(type, field)?.safeParse(undefined);
  return !!d?.success && jsonEqual(d.data, value);
}

/** An own property of a JSON object (never the prototype chain), or undefined. */
export function own(data: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(data, field) ? data[field] : undefined;
}

/** The parsed record plus the fields its schema does not know (a newer client's): never dropped. */
export function withUnknownFields(type: RecordType, input: Record<string, unknown>, parsed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parsed };
  for (const [k, v] of Object.entries(input)) if (!fieldSchema(type, k) && v !== undefined) out[k] = v;
  return out;
}

export async function getRecordRow(db: Db, type: string, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('type', '=', type).where('id', '=', id).executeTakeFirst();
}

export function stateOf(row: RecordRow): RecordState {
  return { rev: row.rev, deleted: row.deleted === 1, data: fromJsonObject(row.data) };
}

/** A tombstone: only record types whose schema has `deleted` (the findings) can be deleted; inspections never. */
export function isTombstone(type: RecordType, data: Record<string, unknown>): boolean {
  return fieldSchema(type, 'deleted') !== undefined && data.deleted === true;
}
