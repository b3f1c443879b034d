import type { AuthConfig } from '../../../shared/identityLogin';

/**
 * What sync and authorisation need from an identity provider, whatever its protocol: who the person
 * is (a stable subject), what to call them, and the role values it vouches for. The OpenID Connect
 * adapter (oidcAdapter.ts) is the one there is; a SAML 2.0 adapter (KOMBIT's Context Handler) would
 * implement the same interface, and nothing behind it (providerLogin.ts, tokens, sync) changes.
 */
export interface ProviderIdentity {
  /** The issuer, as stored in oidc_identities.provider and tokens.provider. */
  provider: string;
  /** Stable and never reassigned: Entra's `oid`, else `sub`. */
  subject: string;
  /** A username proposal (preferred_username, upn, email), lower-cased; may be absent. */
  username: string | null;
  displayName: string | null;
  /** The values of the configured role claim, or 'overage' when the provider left them out (too many groups). */
  roleValues: string[] | 'overage';
}

/** A web login between the redirect and the callback; stored by the server (oidc_pending). */
export interface PendingWebLogin {
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
}

export interface IdentityAdapter {
  readonly provider: string;
  /** What `GET /api/auth/config` tells clients. */
  publicConfig(): NonNullable<AuthConfig['provider']>;
  /** The provider's address to send the browser to, and what the callback needs to finish. */
  startWebLogin(input: { redirectUri: string; state: string }): Promise<{ url: string; pending: PendingWebLogin }>;
  /** Finishes a web login from the callback's URL (code, state); throws IdentityRefused when the provider's answer fails a check. */
  finishWebLogin(callbackUrl: URL, state: string, pending: PendingWebLogin): Promise<ProviderIdentity>;
  /** Checks an access token for the Tilsyn API (the desktop's exchange and every daily proof). */
  verifyApiToken(token: string): Promise<ProviderIdentity>;
  /** Where to send the browser to end the provider's session too, or null when it offers none. */
  endSessionUrl(postLogoutRedirectUri: string): Promise<string | null>;
}

/** A refusal with a Danish message for the user; `reason` (a code) goes to the audit trail. */
export class IdentityRefused extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'IdentityRefused';
  }
}
