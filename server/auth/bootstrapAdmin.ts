import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/ids';
import { passwordProblem } from '../../shared/passwordRules';
import type { Database } from '../db/schema';
import { auditRow } from '../audit/audit';
import { hashPassword } from './passwords';
import { revokeUserTokens } from './tokens';

export const ADMIN_USERNAME = 'admin';

export interface BootstrapResult {
  username: string;
  /** Set only when the password was generated here (show it once). */
  generatedPassword: string | null;
}

/** What the first start did: created the admin, or found users there already (then a given password has no effect). */
export type BootstrapOutcome = ({ created: true } & BootstrapResult) | { created: false; usersExisted: boolean };

/** A TILSYN_ADMIN_PASSWORD that breaks the password rules: the server does not start. */
export class WeakAdminPasswordError extends Error {
  override name = 'WeakAdminPasswordError';
}

/**
 * On a database with no users: create a forvaltning admin, once. The insert itself decides (the
 * unique username), so when two server processes start at once exactly one creates the admin and
 * prints its password; the other finds it made and returns null.
 */
export async function bootstrapAdmin(db: Kysely<Database>, password?: string): Promise<BootstrapOutcome> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false, usersExisted: true };
  checkAdminPassword(password);
  const generated = password ? null : newPassword();
  const now = new Date().toISOString();
  const inserted = await db
    .insertInto('users')
    .values({
      id: uuidv7(),
      username: ADMIN_USERNAME,
      display_name: 'Administrator',
      role: 'forvaltning',
      password_hash: await hashPassword(password ?? generated!),
      disabled: 0,
      scope_epoch: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Another process started at the same moment made the admin (and printed its password).
  if (!inserted) return { created: false, usersExisted: false };
  return { created: true, username: ADMIN_USERNAME, generatedPassword: generated };
}

function checkAdminPassword(password: string | undefined): void {
  if (!password) return;
  const problem = passwordProblem(password, 'forvaltning', ADMIN_USERNAME);
  if (problem) throw new WeakAdminPasswordError(`TILSYN_ADMIN_PASSWORD afvist: ${problem}. Vælg en længere adgangskode, eller lad feltet være tomt, så serveren laver en.`);
}

function newPassword(): string {
  return randomBytes(15).toString('base64url');
}

/** The admin user is missing (renamed or never made): the reset cannot help. */
export class NoAdminError extends Error {
  override name = 'NoAdminError';
}

/**
 * `npm run server -- --reset-admin-password`: the operator's way back in. Sets the admin's password
 * (TILSYN_ADMIN_PASSWORD under the same rules, else a generated one, shown once), enables the
 * account, logs it out on every device, clears its login lockouts and writes an audit row.
 */
export async function resetAdminPassword(db: Kysely<Database>, password?: string): Promise<BootstrapResult> {
  checkAdminPassword(password);
  const admin = await db.selectFrom('users').select(['id', 'username']).where('username', '=', ADMIN_USERNAME).executeTakeFirst();
  if (!admin) throw new NoAdminError(`der er ingen bruger "${ADMIN_USERNAME}" i databasen; opret en forvaltningsbruger fra en anden forvaltningskonto`);
  const generated = password ? null : newPassword();
  const hash = await hashPassword(password ?? generated!);
  const now = new Date();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, disabled: 0, updated_at: now.toISOString() }).where('id', '=', admin.id).execute();
    await revokeUserTokens(tx, admin.id, now);
    await tx.deleteFrom('login_attempts').where('key', 'like', `u:${ADMIN_USERNAME}|%`).execute();
    await auditRow(tx, { action: 'admin.password_reset', actor: null, target: admin.id, details: { via: 'kommandolinje' } });
  });
  return { username: ADMIN_USERNAME, generatedPassword: generated };
}
