import { z } from 'zod';
import { msg } from './i18n/i18n';
import { DeviceNameSchema } from './ownAccount';

/**
 * Login through the municipality's identity provider (OpenID Connect, e.g. Entra ID): what the
 * server tells clients (`GET /api/auth/config`) and the bodies of the routes that turn a provider
 * login into the usual Tilsyn device token (docs/login.md).
 */

/** 'all': every user may log in with a password; 'exempt_only': only users marked as exempt (outside the directory). */
export const PasswordLoginSchema = z.enum(['all', 'exempt_only'], { error: msg('validation:login.passwordLogin') });
export type PasswordLogin = z.infer<typeof PasswordLoginSchema>;

export const AuthConfigSchema = z.object({
  passwordLogin: PasswordLoginSchema,
  /** null: no identity provider is configured; only passwords. */
  provider: z
    .object({
      kind: z.literal('oidc'),
      /** Shown on the button: "Log ind med kommunens login". */
      label: z.string(),
      issuer: z.string(),
      /** The public (desktop) client: code + PKCE with a loopback redirect (RFC 8252). */
      desktopClientId: z.string(),
      /** Scopes the desktop asks for (openid, offline_access and the API's scope). */
      desktopScopes: z.string(),
      /** Where the web app starts its login (the server's own route). */
      webLoginPath: z.string(),
    })
    .nullable(),
});
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

const providerToken = z.string({ error: msg('validation:login.providerToken') }).min(20).max(16_384);

/** The desktop's exchange: a provider access token for the API → a Tilsyn device token. */
export const ProviderExchangeRequestSchema = z.object({ accessToken: providerToken, deviceName: DeviceNameSchema.optional() });

/** The web app's last step: the one-time hand-off code the callback put in the address's fragment. */
export const HandoffRequestSchema = z.object({ handoff: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, { error: msg('validation:login.handoff') }) });

/** The daily proof: a fresh provider access token for the same person. */
export const ProofRequestSchema = z.object({ accessToken: providerToken });
export const ProofResponseSchema = z.object({ ok: z.literal(true), proofAt: z.string() });

/** Forvaltning's switch for password login (`PATCH /api/admin/auth-settings`). */
export const AuthSettingsSchema = z.object({ passwordLogin: PasswordLoginSchema });
/** What Administration › Brugere shows: the switch, whether a provider is configured, and who is exempt. */
export const AuthSettingsStateSchema = AuthSettingsSchema.extend({ providerConfigured: z.boolean(), exemptUserIds: z.array(z.string()) });
export const PasswordExemptSchema = z.object({ exempt: z.boolean({ error: msg('validation:login.yesNo') }) });

/** The error code every route answers while a provider login needs renewing (the app says LOGIN_AGAIN). */
export const LOGIN_AGAIN_CODE = 'ny_login_kraeves';
export const LOGIN_AGAIN = 'Log ind igen for at synkronisere.';
/** Where the web callback hands over: `/#/kommune-login?overdragelse=…` or `?fejl=…`. */
export const WEB_LOGIN_RETURN_ROUTE = '/kommune-login';
