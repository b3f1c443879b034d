import type { Kysely } from 'kysely';
import type { AdminUser, CreateUser, UpdateUser } from '../../shared/accounts';
import { uuidv7 } from '../../shared/ids';
import { passwordRefusal, passwordRefusalText } from '../../shared/passwordRules';
import { hashPassword } from '../auth/passwords';
import { revokeUserTokens, type AuthUser } from '../auth/tokens';
import type { Database } from '../db/schema';
import { writeTransaction } from '../db/sequence';
import { codedError, HttpError } from '../errors';

export async function listUsers(db: Kysely<Database>): Promise<AdminUser[]> {
  const users = await db.selectFrom('users').selectAll().orderBy('username').execute();
  const links = await db.selectFrom('user_institutions').selectAll().orderBy('institution_id').execute();
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    institutionIds: links.filter((l) => l.user_id === u.id).map((l) => l.institution_id),
    disabled: u.disabled === 1,
    createdAt: u.created_at,
  }));
}

export async function getAdminUser(db: Kysely<Database>, id: string): Promise<AdminUser> {
  const user = (await listUsers(db)).find((u) => u.id === id);
  if (!user) throw new HttpError(404, 'Brugeren findes ikke', { code: 'findes_ikke' });
  return user;
}

async function checkInstitutions(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db.selectFrom('institutions').select('id').where('id', 'in', unique).execute();
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw new HttpError(400, `Ukendt institution: ${missing.join(', ')}`, { code: 'ukendt_institution' });
  return unique;
}

export async function createUser(db: Kysely<Database>, input: CreateUser): Promise<AdminUser> {
  const institutionIds = await checkInstitutions(db, input.institutionIds);
  const taken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new HttpError(409, `Brugernavnet "${input.username}" er optaget`, { code: 'optaget' });
  const passwordHash = await hashPassword(input.password);
  const id = uuidv7();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ id, username: input.username, display_name: input.displayName, role: input.role, password_hash: passwordHash, disabled: 0, scope_epoch: 0, created_at: now, updated_at: now })
      .execute();
    if (institutionIds.length > 0) await trx.insertInto('user_institutions').values(institutionIds.map((i) => ({ user_id: id, institution_id: i }))).execute();
  });
  return getAdminUser(db, id);
}

/**
 * Change a user. Disabling or a new password revokes their tokens. A change of role or institutions
 * bumps their scope epoch, so their next pull starts over with what they may now see.
 *
 * The last-forvaltning rule is checked inside the write transaction, which holds the sequence row
 * (every writer takes it first): two admins disabling each other at once are served one after the
 * other, and the second sees the first's change, on SQLite and on PostgreSQL alike.
 */
export async function updateUser(db: Kysely<Database>, actor: AuthUser, id: string, patch: UpdateUser): Promise<AdminUser> {
  const before = await getAdminUser(db, id);
  if (patch.disabled === true && actor.id === id) throw codedError(409, 'sig_selv');
  const institutionIds = patch.institutionIds ? await checkInstitutions(db, patch.institutionIds) : null;
  if (patch.password !== undefined) {
    const refusal = passwordRefusal(patch.password, patch.role ?? before.role, before.username);
    if (refusal) {
      const problem = passwordRefusalText(refusal);
      throw new HttpError(400, `Ugyldig ændring af bruger: password: ${problem}`, { code: 'ugyldig', issues: [{ path: 'password', message: problem, key: refusal.key, params: refusal.params }] });
    }
  }
  const passwordHash = patch.password ? await hashPassword(patch.password) : null;

  const now = new Date();
  await writeTransaction(db, async (trx) => {
    const u = await trx.selectFrom('users').select(['role', 'disabled', 'scope_epoch']).where('id', '=', id).executeTakeFirstOrThrow();
    const losesAdmin = u.role === 'forvaltning' && !u.disabled && ((patch.role && patch.role !== 'forvaltning') || patch.disabled === true);
    if (losesAdmin) {
      const others = await trx.selectFrom('users').select('id').where('role', '=', 'forvaltning').where('disabled', '=', 0).where('id', '!=', id).execute();
      if (others.length === 0) throw codedError(409, 'sidste_admin');
    }
    const links = await trx.selectFrom('user_institutions').select('institution_id').where('user_id', '=', id).execute();
    const roleChanged = patch.role !== undefined && patch.role !== u.role;
    const linksChanged = institutionIds !== null && (institutionIds.length !== links.length || institutionIds.some((i) => !links.some((l) => l.institution_id === i)));
    await trx
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        ...(roleChanged || linksChanged ? { scope_epoch: u.scope_epoch + 1 } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    if (institutionIds) {
      await trx.deleteFrom('user_institutions').where('user_id', '=', id).execute();
      if (institutionIds.length > 0) await trx.insertInto('user_institutions').values(institutionIds.map((i) => ({ user_id: id, institution_id: i }))).execute();
    }
    // In the same transaction: a disabled user's tokens stop working at the moment the change commits.
    if (patch.disabled === true || passwordHash) await revokeUserTokens(trx, id, now);
  });
  return getAdminUser(db, id);
}
