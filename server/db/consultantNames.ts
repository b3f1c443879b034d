import type { Kysely } from 'kysely';
import { fromJsonObject, toJson } from './json';
import type { Database } from './schema';
import { isPostgres, writeTransaction } from './sequence';

/**
 * Migration 0710 (issue 12): an inspection's consultants become user ids. Each free-text name that
 * matches exactly one consultant-capable user's display name (konsulent or forvaltning, character
 * for character) moves to `consultantIds`; every other name stays in `consultants`, shown as a name
 * without a user. No name is ever dropped. A changed record gets a new revision and a new place in
 * the pull stream, so devices pull the migrated copy (a device's pending change to the same field
 * meets it as a conflict, never a silent overwrite).
 */

/** The id the revisions and field_revs name as the change's author. */
export const MIGRATION_CLIENT_ID = 'migration-0710';

export interface NameMigrationResult {
  inspections: number;
  matched: number;
  kept: number;
}

/** The migrated consultant fields of one inspection: ids for exact, unique matches; the rest kept as written. */
export function splitConsultantNames(names: readonly string[], existingIds: readonly string[], userByName: ReadonlyMap<string, string>): { consultantIds: string[]; consultants: string[] } {
  const consultantIds = [...existingIds];
  const consultants: string[] = [];
  for (const name of names) {
    const id = userByName.get(name);
    if (id === undefined) consultants.push(name);
    else if (!consultantIds.includes(id)) consultantIds.push(id);
  }
  return { consultantIds, consultants };
}

export async function migrateConsultantNames(db: Kysely<any>, now = new Date().toISOString()): Promise<NameMigrationResult> {
  // PostgreSQL numbers changes from its sequence, registered like any writer (db/sequence.ts).
  if (isPostgres(db)) return writeTransaction(db as Kysely<Database>, (trx, seq) => moveNames(trx, now, () => seq.next()));
  // SQLite: one writer (in a migration, inside its BEGIN IMMEDIATE), numbered from the sequence row.
  const seqRow = (await db.selectFrom('sync_sequence').select('value').where('id', '=', 1).executeTakeFirst()) as { value: number | string } | undefined;
  let seq = Number(seqRow?.value ?? 0);
  const result = await moveNames(db, now, () => ++seq);
  if (seqRow && result.inspections > 0) await db.updateTable('sync_sequence').set({ value: seq }).where('id', '=', 1).execute();
  return result;
}

async function moveNames(db: Kysely<any>, now: string, nextSeq: () => number): Promise<NameMigrationResult> {
  const users = (await db.selectFrom('users').select(['id', 'display_name', 'role']).where('role', 'in', ['konsulent', 'forvaltning']).execute()) as { id: string; display_name: string }[];
  const counted = new Map<string, string | null>();
  for (const u of users) counted.set(u.display_name, counted.has(u.display_name) ? null : u.id);
  const userByName = new Map([...counted].filter((e): e is [string, string] => e[1] !== null));

  const result: NameMigrationResult = { inspections: 0, matched: 0, kept: 0 };
  const rows = (await db.selectFrom('records').select(['id', 'data', 'field_revs', 'rev']).where('type', '=', 'inspection').execute()) as { id: string; data: string; field_revs: string; rev: number }[];
  for (const row of rows) {
    const data = fromJsonObject(row.data);
    const names = Array.isArray(data.consultants) ? data.consultants.filter((n): n is string => typeof n === 'string') : [];
    const existing = Array.isArray(data.consultantIds) ? data.consultantIds.filter((n): n is string => typeof n === 'string') : [];
    const split = splitConsultantNames(names, existing, userByName);
    result.kept += split.consultants.length;
    if (split.consultants.length === names.length) continue;
    result.matched += names.length - split.consultants.length;
    result.inspections++;
    const rev = row.rev + 1;
    const next = { ...data, ...split, rev, updatedAt: now };
    const fieldRevs = { ...fromJsonObject(row.field_revs), consultantIds: [rev, MIGRATION_CLIENT_ID], consultants: [rev, MIGRATION_CLIENT_ID] };
    await db.updateTable('records').set({ data: toJson(next), field_revs: toJson(fieldRevs), rev, seq: nextSeq(), updated_at: now }).where('type', '=', 'inspection').where('id', '=', row.id).execute();
    await db.insertInto('record_revisions').values({ type: 'inspection', id: row.id, rev, data: toJson(next), client_id: MIGRATION_CLIENT_ID, user_id: MIGRATION_CLIENT_ID, mutation_id: null, created_at: now }).execute();
  }
  return result;
}
