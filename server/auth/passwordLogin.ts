import type { Kysely } from 'kysely';
import { PasswordLoginSchema, type PasswordLogin } from '../../shared/identityLogin';
import type { Database } from '../db/schema';

/**
 * Forvaltning's switch: with a provider configured, passwords can be switched off for everyone
 * except users marked as exempt (users outside the directory, e.g. leders of private institutions).
 */
export async function passwordLoginSetting(db: Kysely<Database>): Promise<PasswordLogin> {
  const row = await db.selectFrom('auth_settings').select('value').where('key', '=', 'password_login').executeTakeFirst();
  const parsed = PasswordLoginSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : 'all';
}

export async function setPasswordLogin(db: Kysely<Database>, value: PasswordLogin, now = new Date()): Promise<void> {
  await db
    .insertInto('auth_settings')
    .values({ key: 'password_login', value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

/** Whether this user may log in with a password now. */
export function passwordAllowed(setting: PasswordLogin, user: { password_exempt: number }): boolean {
  return setting === 'all' || user.password_exempt === 1;
}
