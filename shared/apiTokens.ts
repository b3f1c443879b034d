import { z } from 'zod';
import { msg } from './i18n/i18n';

/*
 * Read-only API tokens for BI tools (docs/bi-api.md): forvaltning makes them in Administration. They
 * read GET /api/export/* and GET /api/stats/* only, optionally for some institutions, and can never
 * sync, administer or log in to the app.
 */

export const API_TOKEN_SCOPES = ['export', 'stats'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** Every API token starts so, which tells it apart from a user's login at a glance (and in logs). */
export const API_TOKEN_PREFIX = 'tbi_';

export const CreateApiTokenSchema = z.object({
  name: z.string({ error: msg('validation:apiToken.name') }).trim().min(1, { error: msg('validation:apiToken.name') }).max(100, { error: msg('validation:apiToken.nameMax') }),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES, { error: msg('validation:apiToken.scope') }), { error: msg('validation:apiToken.scopeList') })
    .min(1, { error: msg('validation:apiToken.scopeMin') })
    .default([...API_TOKEN_SCOPES])
    .transform((s) => [...new Set(s)].sort()),
  /** null or absent: every institution. */
  institutionIds: z
    .array(z.string().trim().min(1, { error: msg('validation:account.emptyInstitution') }).max(100), { error: msg('validation:account.institutionList') })
    .min(1, { error: msg('validation:apiToken.institutionsMin') })
    .max(500, { error: msg('validation:apiToken.institutionsMax') })
    .transform((ids) => [...new Set(ids)].sort())
    .nullable()
    .default(null),
});
export type CreateApiToken = z.output<typeof CreateApiTokenSchema>;

/** An API token as forvaltning sees it: never the secret, which is shown once at creation. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)),
  /** null: every institution. */
  institutionIds: z.array(z.string()).nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenListSchema = z.object({ apiTokens: z.array(ApiTokenSchema) });

export const CreatedApiTokenSchema = z.object({
  /** The secret: send as `Authorization: Bearer <token>`. Shown this once; the server keeps only its sha256. */
  token: z.string(),
  apiToken: ApiTokenSchema,
});

