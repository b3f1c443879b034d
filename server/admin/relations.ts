import type { Kysely } from 'kysely';
import type { ConsultantDirectory, Relation, RelationKind, UserRelation } from '../../shared/impartiality';
import type { Database } from '../db/schema';
import { HttpError } from '../errors';

/**
 * Users' declared relations to institutions (shared/impartiality.ts): read for the write judge and
 * the consultant directory, replaced as a whole by the user or by forvaltning.
 */

type Db = Kysely<Database>;

const toRelation = (r: { institution_id: string; kind: string; ended_on: string | null }): Relation => ({ institutionId: r.institution_id, kind: r.kind as RelationKind, endedOn: r.ended_on });

/** One user's relations, by institution. */
export async function listRelations(db: Db, userId: string): Promise<Relation[]> {
  const rows = await db.selectFrom('user_relations').select(['institution_id', 'kind', 'ended_on']).where('user_id', '=', userId).orderBy('institution_id').orderBy('kind').execute();
  return rows.map(toRelation);
}

/** The relations of some users, with their names: what the judge needs for the consultants being assigned. */
export async function relationsOf(db: Db, userIds: readonly string[]): Promise<UserRelation[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('user_relations')
    .innerJoin('users', 'users.id', 'user_relations.user_id')
    .select(['user_relations.user_id', 'users.display_name', 'user_relations.institution_id', 'user_relations.kind', 'user_relations.ended_on'])
    .where('user_relations.user_id', 'in', [...new Set(userIds)])
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, ...toRelation(r) }));
}

/** Replaces a user's list (one relation per institution and kind; the last of duplicates wins). */
export async function replaceRelations(db: Db, userId: string, relations: readonly Relation[], by: string): Promise<Relation[]> {
  const user = await db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new HttpError(404, 'Brugeren findes ikke');
  const institutionIds = [...new Set(relations.map((r) => r.institutionId))];
  if (institutionIds.length > 0) {
    const known = new Set((await db.selectFrom('institutions').select('id').where('id', 'in', institutionIds).execute()).map((r) => r.id));
    const unknown = institutionIds.find((id) => !known.has(id));
    if (unknown) throw new HttpError(400, `Institutionen ${unknown} findes ikke`, { code: 'ugyldig', issues: [{ path: 'relations', message: `Institutionen ${unknown} findes ikke` }] });
  }
  const unique = new Map(relations.map((r) => [`${r.institutionId}\u0000${r.kind}`, r]));
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_relations').where('user_id', '=', userId).execute();
    if (unique.size > 0)
      await trx
        .insertInto('user_relations')
        .values([...unique.values()].map((r) => ({ user_id: userId, institution_id: r.institutionId, kind: r.kind, ended_on: r.endedOn, updated_at: now, updated_by: by })))
        .execute();
  });
  return listRelations(db, userId);
}

/** Every active user who can be put on a visit, and all their relations (GET /api/consultants). */
export async function consultantDirectory(db: Db): Promise<ConsultantDirectory> {
  const users = await db.selectFrom('users').select(['id', 'display_name', 'role']).where('disabled', '=', 0).where('role', 'in', ['konsulent', 'forvaltning']).orderBy('display_name').execute();
  const relations = await relationsOf(db, users.map((u) => u.id));
  return { users: users.map((u) => ({ id: u.id, displayName: u.display_name, role: u.role as 'konsulent' | 'forvaltning' })), relations };
}
