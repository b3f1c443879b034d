import type { Kysely, Transaction } from 'kysely';
import { InstitutionSchema, unitProblems, type Institution } from '../../shared/institution';
import type { Database } from '../db/schema';
import { fromJson, toJson } from '../db/json';
import { writeTransaction } from '../db/sequence';
import { HttpError } from '../errors';
import { parse } from '../validate';

export async function listInstitutions(db: Kysely<Database>): Promise<Institution[]> {
  const rows = await db.selectFrom('institutions').select('data').orderBy('id').execute();
  return rows.map((r) => fromJson<Institution>(r.data));
}

export async function createInstitution(db: Kysely<Database>, input: Institution): Promise<Institution> {
  return writeTransaction(db, async (trx, seq) => {
    const exists = await trx.selectFrom('institutions').select('id').where('id', '=', input.id).executeTakeFirst();
    if (exists) throw new HttpError(409, `Institutionen ${input.id} findes allerede`, { code: 'findes_allerede' });
    const now = new Date().toISOString();
    const data: Institution = { ...input, rev: 1 };
    await checkUnit(trx, data);
    await trx.insertInto('institutions').values({ id: input.id, data: toJson(data), rev: 1, seq: seq.next(), updated_at: now }).execute();
    return data;
  });
}

export async function updateInstitution(db: Kysely<Database>, id: string, patch: Record<string, unknown>): Promise<Institution> {
  return writeTransaction(db, async (trx, seq) => {
    const row = await trx.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HttpError(404, `Institutionen ${id} findes ikke`, { code: 'findes_ikke' });
    if ('id' in patch && patch.id !== id) throw new HttpError(400, 'En institutions id kan ikke ændres', { code: 'ugyldig' });
    const rev = row.rev + 1;
    // A field sent as null is removed (an enhed made a daginstitution again drops its parent).
    const merged: Record<string, unknown> = { ...fromJson<Institution>(row.data), ...patch, id, rev };
    for (const k of Object.keys(merged)) if (merged[k] === null) delete merged[k];
    const data = parse(InstitutionSchema, merged, 'Ugyldig institution');
    await checkUnit(trx, data);
    await trx.updateTable('institutions').set({ data: toJson(data), rev, seq: seq.next(), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    return data;
  });
}

/** The unit rules (shared/institution.ts unitProblems) against the stored parent. */
async function checkUnit(trx: Transaction<Database>, data: Institution): Promise<void> {
  let parent: Institution | null | undefined;
  if (data.parentInstitutionId) {
    const row = await trx.selectFrom('institutions').select('data').where('id', '=', data.parentInstitutionId).executeTakeFirst();
    parent = row ? fromJson<Institution>(row.data) : null;
  }
  const problems = unitProblems(data, parent);
  if (problems.length > 0) throw new HttpError(400, `Ugyldig institution: ${problems.map((p) => p.message).join('; ')}`, { code: 'ugyldig', issues: problems });
}
