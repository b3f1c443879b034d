import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../db/json';
import type { Database } from '../../db/schema';
import { hashToken } from '../tokens';

/**
 * Short-lived secrets of the web flow, in the database (so any server process can answer the
 * callback): a login in flight, keyed by its `state`, and the one-time hand-off code the callback
 * gives the app. Only the sha256 of the key is stored; each is taken exactly once.
 */
export const WEB_LOGIN_MAX_AGE_MS = 10 * 60_000;
export const HANDOFF_MAX_AGE_MS = 60_000;

export const randomKey = () => randomBytes(32).toString('base64url');

export async function putPending(db: Kysely<Database>, kind: 'login' | 'handoff', key: string, data: unknown, now = new Date()): Promise<void> {
  // Whatever was never finished is forgotten after a day.
  await db.deleteFrom('oidc_pending').where('created_at', '<', new Date(now.getTime() - 24 * 3600_000).toISOString()).execute();
  await db.insertInto('oidc_pending').values({ key_hash: hashToken(key), kind, data: toJson(data), created_at: now.toISOString() }).execute();
}

/** The data stored under `key`, once; null when unknown, already taken, of another kind or older than `maxAgeMs`. */
export async function takePending<T>(db: Kysely<Database>, kind: 'login' | 'handoff', key: string, maxAgeMs: number, now = new Date()): Promise<T | null> {
  const row = await db.deleteFrom('oidc_pending').where('key_hash', '=', hashToken(key)).where('kind', '=', kind).returning(['data', 'created_at']).executeTakeFirst();
  if (!row || now.getTime() - Date.parse(row.created_at) > maxAgeMs) return null;
  return fromJson(row.data) as T;
}
