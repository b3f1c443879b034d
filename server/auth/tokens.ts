import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/accounts';
import type { Database } from '../db/schema';

/** A token not used for this long stops working (a consultant may work offline for weeks). */
export const TOKEN_IDLE_DAYS = 120;
/** last_used_at is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Linked (leder) or assigned (konsulent) institutions. Empty for forvaltning, who sees all. */
  institutionIds: string[];
  /** See users.scope_epoch. */
  scopeEpoch: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, base64url. The caller shows it once; only its sha256 is stored. */
export async function issueToken(db: Kysely<Database>, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const iso = now.toISOString();
  await db.insertInto('tokens').values({ token_hash: hashToken(token), user_id: userId, created_at: iso, last_used_at: iso, revoked_at: null }).execute();
  return token;
}

export async function loadAuthUser(db: Kysely<Database>, userId: string): Promise<AuthUser | null> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u || u.disabled) return null;
  const links = await db.selectFrom('user_institutions').select('institution_id').where('user_id', '=', userId).orderBy('institution_id').execute();
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    institutionIds: u.role === 'forvaltning' ? [] : links.map((l) => l.institution_id),
    scopeEpoch: u.scope_epoch,
  };
}

/** The user behind a bearer token, or null when it is unknown, revoked, idle too long or the user is disabled. */
export async function authenticateToken(db: Kysely<Database>, token: string, now = new Date()): Promise<{ user: AuthUser; tokenHash: string } | null> {
  const tokenHash = hashToken(token);
  const row = await db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const lastUsed = Date.parse(row.last_used_at);
  if (now.getTime() - lastUsed > TOKEN_IDLE_DAYS * 24 * 3600 * 1000) return null;
  const user = await loadAuthUser(db, row.user_id);
  if (!user) return null;
  if (now.getTime() - lastUsed > TOUCH_INTERVAL_MS) {
    await db.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute();
  }
  return { user, tokenHash };
}

export async function revokeToken(db: Kysely<Database>, tokenHash: string, now = new Date()): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: now.toISOString() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

export async function revokeUserTokens(db: Kysely<Database>, userId: string, now = new Date()): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
