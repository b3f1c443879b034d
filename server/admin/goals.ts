import type { Kysely } from 'kysely';
import { z } from 'zod';
import { GoalFieldsSchema, GoalSchema, type Goal } from '../../shared/goals';
import type { Database } from '../db/schema';
import { fromJson, toJson } from '../db/json';
import { writeTransaction } from '../db/sequence';
import { HttpError } from '../errors';
import { parse } from '../validate';

/*
 * Municipal goals as data on the server: forvaltning creates, edits and retires them; every device
 * reads the same list. A goal is never deleted (a report or a committee paper may refer to it):
 * retiring it hides it from the dashboard. Every change takes a new sequence number, like the other
 * reference data, so a pull can carry it.
 */

type GoalPatch = Partial<Omit<Goal, 'id' | 'rev'>>;

/**
 * What forvaltning sends to change a goal: any of its fields except id and rev. The fields' defaults
 * are removed, or a patch of the title alone would also reset `retired` and the coverage rule.
 */
export const GoalPatchSchema: z.ZodType<GoalPatch> = z
  .strictObject(
    Object.fromEntries(
      Object.entries(GoalFieldsSchema.omit({ id: true, rev: true }).shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional()]),
    ),
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `Ukendt felt: ${iss.keys.join(', ')}` : undefined) },
  )
  .refine((p) => Object.keys(p).length > 0, { error: 'Angiv mindst ét felt, der skal ændres' }) as unknown as z.ZodType<GoalPatch>;

/** Every goal, retired ones included (with `retired: true`), by id. */
export async function listGoals(db: Kysely<Database>): Promise<Goal[]> {
  const rows = await db.selectFrom('goals').select('data').orderBy('id').execute();
  return rows.map((r) => GoalSchema.parse(fromJson(r.data)));
}

export async function createGoal(db: Kysely<Database>, input: Goal): Promise<Goal> {
  return writeTransaction(db, async (trx, seq) => {
    const exists = await trx.selectFrom('goals').select('id').where('id', '=', input.id).executeTakeFirst();
    if (exists) throw new HttpError(409, `Målet ${input.id} findes allerede`, { code: 'findes_allerede' });
    const data = GoalSchema.parse({ ...input, rev: 1 });
    await trx.insertInto('goals').values({ id: data.id, data: toJson(data), rev: 1, seq: seq.next(), updated_at: new Date().toISOString() }).execute();
    return data;
  });
}

/** A new revision of a goal: the patch over the stored goal, checked as a whole (target after baseline, …). */
export async function updateGoal(db: Kysely<Database>, id: string, patch: Record<string, unknown>): Promise<Goal> {
  return writeTransaction(db, async (trx, seq) => {
    const row = await trx.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HttpError(404, `Målet ${id} findes ikke`, { code: 'findes_ikke' });
    const rev = row.rev + 1;
    const data = parse(GoalSchema, { ...fromJson<Goal>(row.data), ...patch, id, rev }, 'Ugyldigt mål');
    await trx.updateTable('goals').set({ data: toJson(data), rev, seq: seq.next(), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    return data;
  });
}

/** Goals made on the server (demo data), skipping ids that exist. */
export async function seedGoals(db: Kysely<Database>, goals: readonly Goal[]): Promise<number> {
  return writeTransaction(db, async (trx, seq) => {
    let n = 0;
    for (const g of goals) {
      if (await trx.selectFrom('goals').select('id').where('id', '=', g.id).executeTakeFirst()) continue;
      const data = GoalSchema.parse({ ...g, rev: 1 });
      await trx.insertInto('goals').values({ id: data.id, data: toJson(data), rev: 1, seq: seq.next(), updated_at: new Date().toISOString() }).execute();
      n++;
    }
    return n;
  });
}
