import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RoleSchema } from '../../../shared/accounts';
import { isLoopbackHost } from './loopbackHost';

/**
 * The identity provider is configuration, not code (docs/login.md): a JSON file named by
 * `TILSYN_OIDC_CONFIG_FILE`, or the `TILSYN_OIDC_*` variables. Changing the provider needs a restart,
 * never a rebuild. A bad value stops the server with a Danish message naming it.
 */

/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned (`none`) token is never accepted. */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const url = (what: string) => z.url({ error: `${what} skal være en gyldig adresse (https://…)` });

export const ProviderConfigSchema = z.object({
  /** e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 (the `iss` of its tokens, exactly). */
  issuer: url('issuer'),
  /** The web client (the server's own redirect). */
  clientId: z.string().min(1, { error: 'clientId mangler' }),
  /** The web client's secret (a confidential client); without it, the web flow is a public client with PKCE. */
  clientSecret: z.string().min(1).optional(),
  /** The desktop's public client (loopback redirect); default the web client's id. */
  desktopClientId: z.string().min(1).optional(),
  /** The `aud` of access tokens for the Tilsyn API (Entra: the API's application id URI or its client id). */
  audience: z.string().min(1, { error: 'audience mangler' }),
  /** The scope that yields such an access token (Entra: api://…/access_as_user). */
  apiScope: z.string().min(1).optional(),
  algorithms: z
    .array(z.enum(ALLOWED_ALGORITHMS, { error: `Tilladte algoritmer: ${ALLOWED_ALGORITHMS.join(', ')} (aldrig none eller HS*)` }))
    .min(1)
    .default(['RS256']),
  /** The claim with the user's roles or groups (Entra app roles: `roles`; groups: `groups`). */
  roleClaim: z.string().min(1).default('roles'),
  /** Claim value → Tilsyn role. Empty: the role is Tilsyn's own and the claim is not read. */
  roleMap: z.record(z.string().min(1), RoleSchema).default({}),
  /** A provider user with no Tilsyn user yet: created on first login (role from the claim, no institutions), or refused. */
  unknownUsers: z.enum(['create', 'refuse'], { error: 'unknownUsers skal være create eller refuse' }).default('refuse'),
  /** Link a first login to an existing Tilsyn user with the same username (preferred_username); for moving from passwords. */
  linkByUsername: z.boolean().default(false),
  /** The server's public address (for the callback), e.g. https://tilsyn.kommune.dk; default the request's own. */
  publicUrl: url('publicUrl').optional(),
  /** The button says "Log ind med <label>". */
  label: z.string().min(1).max(60).default('kommunens login'),
  /** How old the provider's last word on a provider login may be before it stops syncing. */
  proofMaxAgeHours: z.number().int().min(1).max(168).default(24),
});
export type ProviderConfig = z.infer<typeof ProviderConfigSchema> & { desktopClientId: string; allowInsecureRequests: boolean };

/** Reads the provider configuration from the environment; null when none is configured. */
export function providerConfigFromEnv(env: NodeJS.ProcessEnv): ProviderConfig | null {
  let raw: unknown;
  if (env.TILSYN_OIDC_CONFIG_FILE) {
    try {
      raw = JSON.parse(readFileSync(env.TILSYN_OIDC_CONFIG_FILE, 'utf8'));
    } catch (error) {
      throw new Error(`TILSYN_OIDC_CONFIG_FILE kunne ikke læses som JSON (${(error as Error).message})`);
    }
  } else if (env.TILSYN_OIDC_ISSUER) {
    raw = {
      issuer: env.TILSYN_OIDC_ISSUER,
      clientId: env.TILSYN_OIDC_CLIENT_ID,
      clientSecret: env.TILSYN_OIDC_CLIENT_SECRET || undefined,
      desktopClientId: env.TILSYN_OIDC_DESKTOP_CLIENT_ID || undefined,
      audience: env.TILSYN_OIDC_AUDIENCE,
      apiScope: env.TILSYN_OIDC_API_SCOPE || undefined,
      algorithms: env.TILSYN_OIDC_ALGORITHMS ? env.TILSYN_OIDC_ALGORITHMS.split(',').map((s) => s.trim()) : undefined,
      roleClaim: env.TILSYN_OIDC_ROLE_CLAIM || undefined,
      roleMap: env.TILSYN_OIDC_ROLE_MAP ? parseRoleMap(env.TILSYN_OIDC_ROLE_MAP) : undefined,
      unknownUsers: env.TILSYN_OIDC_UNKNOWN_USERS || undefined,
      linkByUsername: env.TILSYN_OIDC_LINK_BY_USERNAME === '1',
      publicUrl: env.TILSYN_PUBLIC_URL || undefined,
      label: env.TILSYN_OIDC_LABEL || undefined,
      proofMaxAgeHours: env.TILSYN_OIDC_PROOF_MAX_AGE_HOURS ? Number(env.TILSYN_OIDC_PROOF_MAX_AGE_HOURS) : undefined,
    };
  } else return null;
  return parseProviderConfig(raw, { production: env.NODE_ENV === 'production' });
}

/** "Tilsyn.Konsulent=konsulent,Tilsyn.Leder=leder" → { "Tilsyn.Konsulent": "konsulent", … }. */
function parseRoleMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new Error(`TILSYN_OIDC_ROLE_MAP: "${pair}" skal have formen værdi=rolle`);
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
}

/**
 * Validates a configuration. Provider and callback addresses must be https; plain http only for a
 * provider on this machine (the demo, tests) and never in production (`NODE_ENV=production`).
 */
export function parseProviderConfig(raw: unknown, opts: { production: boolean }): ProviderConfig {
  const parsed = ProviderConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`TILSYN_OIDC: ${issue.path.join('.') || 'konfigurationen'}: ${issue.message}`);
  }
  const config = parsed.data;
  let allowInsecureRequests = false;
  for (const [name, value] of [['issuer', config.issuer], ['publicUrl', config.publicUrl]] as const) {
    if (!value) continue;
    const u = new URL(value);
    if (u.protocol === 'https:') continue;
    if (u.protocol === 'http:' && !opts.production && isLoopbackHost(u.hostname)) {
      if (name === 'issuer') allowInsecureRequests = true;
      continue;
    }
    throw new Error(
      `TILSYN_OIDC: ${name} skal bruge https (fik ${u.protocol}//${u.host}). Ukrypteret http er kun tilladt til en udbyder på denne maskine uden for produktion.`,
    );
  }
  return { ...config, desktopClientId: config.desktopClientId ?? config.clientId, allowInsecureRequests };
}
