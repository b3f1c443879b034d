import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/ids';
import type { Database } from '../db/schema';
import { hashPassword } from './passwords';

export const ADMIN_USERNAME = 'admin';

export interface BootstrapResult {
  username: string;
  /** Set only when the password was generated here (show it once). */
  generatedPassword: string | null;
}

/** On a database with no users: create a forvaltning admin. Returns null when users already exist. */
export async function bootstrapAdmin(db: Kysely<Database>, password?: string): Promise<BootstrapResult | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const generated = password ? null : randomBytes(15).toString('base64url');
  const now = new Date().toISOString();
  await db
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
    .execute();
  return { username: ADMIN_USERNAME, generatedPassword: generated };
}
