import type { Selectable, Transaction, Kysely } from 'kysely';
import type { z } from 'zod';
import { MUTABLE_RECORDS, SYSTEM_FIELDS, type RecordType } from '../../shared/records';
import type { RecordState } from '../../shared/sync/wire';
import { fromJsonObject } from '../db/json';
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

export function shapeOf(type: RecordType): Record<string, z.ZodType> {
  return (MUTABLE_RECORDS[type] as unknown as { shape: Record<string, z.ZodType> }).shape;
}

/** The parsed record plus the fields its schema does not know (a newer client's): never dropped. */
export function withUnknownFields(input: Record<string, unknown>, parsed: Record<string, unknown>, shape: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parsed };
  for (const [k, v] of Object.entries(input)) if (!(k in shape) && v !== undefined) out[k] = v;
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
  return 'deleted' in shapeOf(type) && data.deleted === true;
}
