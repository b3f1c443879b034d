import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { API_TOKEN_PREFIX, type ApiToken, type ApiTokenScope, type CreateApiToken } from '../../shared/apiTokens';
import { uuidv7 } from '../../shared/ids';
import { fromJson, toJson } from '../db/json';
import type { ApiTokensTable, Database } from '../db/schema';
import { codedError, HttpError } from '../errors';
import { dueForTouch, expiresAt, hashToken, tokenExpiry, type TokenPolicy } from './tokens';

/*
 * Read-only API tokens for BI tools (shared/apiTokens.ts). A table of their own, so no route behind
 * requireUser can ever accept one: only requireReader (export and stats) looks here.
 */

export interface ApiTokenGrant {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  /** null: every institution. */
  institutionIds: string[] | null;
}

function toApiToken(row: Selectable<ApiTokensTable>, createdBy: string | null, policy: TokenPolicy): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: fromJson<ApiTokenScope[]>(row.scopes),
    institutionIds: row.institution_ids === null ? null : fromJson<string[]>(row.institution_ids),
    createdAt: row.created_at,
    createdBy,
    lastUsedAt: row.last_used_at,
    expiresAt: expiresAt(row.created_at, policy),
    revokedAt: row.revoked_at,
  };
}

export async function createApiToken(db: Kysely<Database>, input: CreateApiToken, createdBy: string, policy: TokenPolicy): Promise<{ token: string; apiToken: ApiToken }> {
  if (input.institutionIds) {
    const found = await db.selectFrom('institutions').select('id').where('id', 'in', input.institutionIds).execute();
    const missing = input.institutionIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0)
      throw new HttpError(400, `Ukendt institution: ${missing.join(', ')}`, { code: 'ukendt_institution', issues: [{ path: 'institutionIds', message: `Ukendt institution: ${missing.join(', ')}` }] });
  }
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = {
    id: uuidv7(),
    name: input.name,
    token_hash: hashToken(token),
    scopes: toJson(input.scopes),
    institution_ids: input.institutionIds === null ? null : toJson(input.institutionIds),
    created_by: createdBy,
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  const creator = await db.selectFrom('users').select('username').where('id', '=', createdBy).executeTakeFirst();
  return { token, apiToken: toApiToken(row, creator?.username ?? null, policy) };
}

/** Every API token, newest first, revoked ones included (with when). */
export async function listApiTokens(db: Kysely<Database>, policy: TokenPolicy): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').leftJoin('users', 'users.id', 'api_tokens.created_by').selectAll('api_tokens').select('users.username as creator').orderBy('api_tokens.id', 'desc').execute();
  return rows.map((r) => toApiToken(r, r.creator ?? null, policy));
}

/** Revokes it at once; `changed` is false when it was already revoked (nothing new to audit). */
export async function revokeApiToken(db: Kysely<Database>, id: string, policy: TokenPolicy): Promise<{ apiToken: ApiToken; changed: boolean }> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  const row = await db.selectFrom('api_tokens').leftJoin('users', 'users.id', 'api_tokens.created_by').selectAll('api_tokens').select('users.username as creator').where('api_tokens.id', '=', id).executeTakeFirst();
  if (!row) throw codedError(404, 'ukendt_token');
  return { apiToken: toApiToken(row, row.creator ?? null, policy), changed: Number(result.numUpdatedRows) > 0 };
}

/** The grant behind an API token's secret, or null when it is unknown, revoked or past its lifetime. */
export async function authenticateApiToken(db: Kysely<Database>, token: string, policy: TokenPolicy, now = new Date()): Promise<ApiTokenGrant | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.revoked_at || tokenExpiry(row, policy, now)) return null;
  if (dueForTouch(row.last_used_at, now)) await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return {
    id: row.id,
    name: row.name,
    scopes: fromJson<ApiTokenScope[]>(row.scopes),
    institutionIds: row.institution_ids === null ? null : fromJson<string[]>(row.institution_ids),
  };
}
