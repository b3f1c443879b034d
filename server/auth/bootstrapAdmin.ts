import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/ids';
import { passwordProblem } from '../../shared/passwordRules';
import type { Database } from '../db/schema';
import { hashPassword } from './passwords';

export const ADMIN_USERNAME = 'admin';

export interface BootstrapResult {
  username: string;
  /** Set only when the password was generated here (show it once). */
  generatedPassword: string | null;
}

/** A TILSYN_ADMIN_PASSWORD that breaks the password rules: the server does not start. */
export class WeakAdminPasswordError extends Error {
  override name = 'WeakAdminPasswordError';
}

/**
 * On a database with no users: create a forvaltning admin, once. The insert itself decides (the
 * unique username), so when two server processes start at once exactly one creates the admin and
 * prints its password; the other finds it made and returns null.
 */
export async function bootstrapAdmin(db: Kysely<Database>, password?: string): Promise<BootstrapResult | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  if (password) {
    const problem = passwordProblem(password, 'forvaltning', ADMIN_USERNAME);
    if (problem) throw new WeakAdminPasswordError(`TILSYN_ADMIN_PASSWORD afvist: ${problem}. Vælg en længere adgangskode, eller lad feltet være tomt, så serveren laver en.`);
  }
  const generated = password ? null : randomBytes(15).toString('base64url');
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
  if (!inserted) return null;
  return { username: ADMIN_USERNAME, generatedPassword: generated };
}
