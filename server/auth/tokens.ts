import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/accounts';
import { API_TOKEN_PREFIX } from '../../shared/apiTokens';
import { uuidv7 } from '../../shared/ids';
import type { Device } from '../../shared/ownAccount';
import { hotQuery } from '../db/compiled';
import type { Database } from '../db/schema';

/** A token not used for this long stops working (a consultant may work offline for weeks). */
export const TOKEN_IDLE_DAYS = 120;
/** The default absolute lifetime: a token stops working this long after login, however often it is used. */
export const TOKEN_MAX_AGE_DAYS_DEFAULT = 365;
/** last_used_at is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** How long logins (and API tokens) live: `TILSYN_TOKEN_MAX_AGE_DAYS` beside the fixed idle limit. */
export interface TokenPolicy {
  idleDays: number;
  maxAgeDays: number;
}

/** `TILSYN_TOKEN_MAX_AGE_DAYS`: a whole number of days ≥ 1 (default 365); anything else stops the server with a Danish message. */
export function tokenPolicyFrom(maxAgeDays: number | string | undefined): TokenPolicy {
  if (maxAgeDays === undefined || maxAgeDays === '') return { idleDays: TOKEN_IDLE_DAYS, maxAgeDays: TOKEN_MAX_AGE_DAYS_DEFAULT };
  const n = typeof maxAgeDays === 'number' ? maxAgeDays : /^\d+$/.test(maxAgeDays.trim()) ? Number(maxAgeDays.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error(`TILSYN_TOKEN_MAX_AGE_DAYS skal være et helt antal dage mellem 1 og 3650 (fik "${maxAgeDays}")`);
  return { idleDays: TOKEN_IDLE_DAYS, maxAgeDays: n };
}

export function expiresAt(createdAt: string, policy: TokenPolicy): string {
  return new Date(Date.parse(createdAt) + policy.maxAgeDays * DAY_MS).toISOString();
}

/** Why a token that exists no longer works, or null when it does (`lastUsedAt` null: never used, so no idle limit yet). */
export function tokenExpiry(row: { created_at: string; last_used_at: string | null }, policy: TokenPolicy, now: Date): 'max_age' | 'idle' | null {
  if (now.getTime() - Date.parse(row.created_at) > policy.maxAgeDays * DAY_MS) return 'max_age';
  if (row.last_used_at !== null && now.getTime() - Date.parse(row.last_used_at) > policy.idleDays * DAY_MS) return 'idle';
  return null;
}

/** Whether a token's last_used_at is old enough to be written again. */
export function dueForTouch(lastUsedAt: string | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - Date.parse(lastUsedAt) > TOUCH_INTERVAL_MS;
}

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
  // One call (every request makes it): crypto.hash is ~2.5× cheaper than createHash().update().digest().
  return hash('sha256', token, 'hex');
}

/** 32 random bytes, base64url. The caller shows it once; only its sha256 is stored. */
export async function issueToken(
  db: Kysely<Database>,
  userId: string,
  opts: { deviceName?: string | undefined; now?: Date; provider?: { issuer: string; subject: string } } = {},
): Promise<string> {
  let token = randomBytes(32).toString('base64url');
  // A login must never look like a BI API token (which requireUser refuses by its prefix).
  while (token.startsWith(API_TOKEN_PREFIX)) token = randomBytes(32).toString('base64url');
  const iso = (opts.now ?? new Date()).toISOString();
  await db
    .insertInto('tokens')
    .values({
      token_hash: hashToken(token),
      id: uuidv7(),
      device_name: opts.deviceName || null,
      user_id: userId,
      created_at: iso,
      last_used_at: iso,
      revoked_at: null,
      // A provider login: the login itself is the provider's first proof (see providerProof below).
      ...(opts.provider ? { provider: opts.provider.issuer, provider_subject: opts.provider.subject, proof_at: iso } : {}),
    })
    .execute();
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

export type TokenRefusal = 'unknown' | 'max_age' | 'idle';

/** Compiled once (db/compiled.ts): every request runs it. */
const tokenQuery = hotQuery((db, p: { tokenHash: string }) =>
  db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .leftJoin('user_institutions', 'user_institutions.user_id', 'tokens.user_id')
    .select(['tokens.user_id', 'tokens.created_at', 'tokens.last_used_at', 'tokens.revoked_at', 'tokens.provider', 'tokens.provider_subject', 'tokens.proof_at', 'tokens.needs_login_at'])
    .select(['users.username', 'users.display_name', 'users.role', 'users.disabled', 'users.scope_epoch', 'user_institutions.institution_id'])
    .where('tokens.token_hash', '=', p.tokenHash)
    .orderBy('user_institutions.institution_id'),
);

/**
 * The user behind a bearer token, or why not: unknown or revoked (or the user is disabled), past
 * its absolute lifetime, or idle too long. Read through `reader` (the read connection: every request
 * does this), written through `db` (the last-used stamp, at most once a day per token).
 */
export async function authenticateToken(
  db: Kysely<Database>,
  token: string,
  policy: TokenPolicy,
  now = new Date(),
  reader: Kysely<Database> = db,
): Promise<{ user: AuthUser; tokenHash: string; provider: ProviderProof | null } | { refused: TokenRefusal }> {
  const tokenHash = hashToken(token);
  // One query (every request sends it): the token, its user and the user's institutions, one row per institution.
  const rows = await tokenQuery.execute(reader, { tokenHash });
  const row = rows[0];
  if (!row || row.revoked_at) return { refused: 'unknown' };
  const expired = tokenExpiry(row, policy, now);
  if (expired) return { refused: expired };
  if (row.disabled) return { refused: 'unknown' };
  const user: AuthUser = {
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    institutionIds: row.role === 'forvaltning' ? [] : rows.flatMap((r) => (r.institution_id === null ? [] : [r.institution_id])),
    scopeEpoch: row.scope_epoch,
  };
  if (dueForTouch(row.last_used_at, now)) {
    await db.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute();
  }
  return { user, tokenHash, provider: row.provider ? { issuer: row.provider, subject: row.provider_subject ?? '', proofAt: row.proof_at, needsLoginAt: row.needs_login_at } : null };
}

/** What a provider login's token carries: whose it is and when the provider last vouched for them. */
export interface ProviderProof {
  issuer: string;
  subject: string;
  proofAt: string | null;
  needsLoginAt: string | null;
}

/**
 * Whether a provider login may sync now: not marked as needing a new login, and the provider's last
 * word no older than `maxAgeHours` (a leaver's disabled account stops the daily refresh, so their
 * device stops syncing within a day). A password login (null) is not the provider's business.
 */
export function providerProofProblem(proof: ProviderProof | null, maxAgeHours: number, now: Date): 'needs_login' | 'stale' | null {
  if (!proof) return null;
  if (proof.needsLoginAt) return 'needs_login';
  if (!proof.proofAt || now.getTime() - Date.parse(proof.proofAt) > maxAgeHours * 3600_000) return 'stale';
  return null;
}

/** The provider vouched again (a fresh access token for the same subject): the device may sync for another day. */
export async function recordProof(db: Kysely<Database>, tokenHash: string, now = new Date()): Promise<void> {
  await db.updateTable('tokens').set({ proof_at: now.toISOString(), needs_login_at: null }).where('token_hash', '=', tokenHash).execute();
}

/** The provider refused (account disabled, refresh token revoked): this device must log in again before it syncs. */
export async function markNeedsLogin(db: Kysely<Database>, tokenHash: string, now = new Date()): Promise<void> {
  await db.updateTable('tokens').set({ needs_login_at: now.toISOString() }).where('token_hash', '=', tokenHash).where('needs_login_at', 'is', null).execute();
}

export async function revokeToken(db: Kysely<Database>, tokenHash: string, now = new Date()): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: now.toISOString() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

export async function revokeUserTokens(db: Kysely<Database>, userId: string, now = new Date()): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Every login of the user but the one given (a changed password keeps only this device). Returns how many. */
export async function revokeOtherTokens(db: Kysely<Database>, userId: string, keepTokenHash: string, now = new Date()): Promise<number> {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('token_hash', '!=', keepTokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The user's logins that still work, most recently used first. */
export async function listDevices(db: Kysely<Database>, userId: string, currentTokenHash: string, policy: TokenPolicy, now = new Date()): Promise<Device[]> {
  const rows = await db.selectFrom('tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('last_used_at', 'desc').orderBy('id', 'desc').execute();
  return rows
    .filter((r) => tokenExpiry(r, policy, now) === null)
    .map((r) => ({
      id: r.id,
      deviceName: r.device_name,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: expiresAt(r.created_at, policy),
      current: r.token_hash === currentTokenHash,
    }));
}

/** Logs one of the user's own devices out; null when the user has no such (working) login. */
export async function revokeDevice(db: Kysely<Database>, userId: string, deviceId: string, now = new Date()): Promise<{ deviceName: string | null } | null> {
  const row = await db.selectFrom('tokens').select(['device_name']).where('id', '=', deviceId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  await db.updateTable('tokens').set({ revoked_at: now.toISOString() }).where('id', '=', deviceId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  return { deviceName: row.device_name };
}
