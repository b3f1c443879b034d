import * as oidc from 'openid-client';
import type { JWTPayload } from 'jose';
import { IdentityRefused, type IdentityAdapter, type PendingWebLogin, type ProviderIdentity } from './adapter';
import type { ProviderConfig } from './providerConfig';
import { createTokenVerifier, type TokenVerifier } from './tokenVerifier';

/**
 * OpenID Connect (Entra ID or any conformant provider) behind the IdentityAdapter interface:
 * `openid-client` for discovery and the code + PKCE flow, `jose` (tokenVerifier.ts) for every token.
 * Discovery happens at the first use, not at start, so the server starts while the provider is away.
 */
export function createOidcAdapter(config: ProviderConfig): IdentityAdapter {
  let discovered: Promise<{ client: oidc.Configuration; verifier: TokenVerifier }> | null = null;
  const discover = () => {
    discovered ??= (async () => {
      const client = await oidc.discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        config.clientSecret ? oidc.ClientSecretPost(config.clientSecret) : oidc.None(),
        { execute: config.allowInsecureRequests ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      );
      const meta = client.serverMetadata();
      if (!meta.jwks_uri) throw new Error('Udbyderen oplyser ingen jwks_uri');
      if (config.allowInsecureRequests === false && new URL(meta.jwks_uri).protocol !== 'https:') throw new Error('Udbyderens jwks_uri skal bruge https');
      return { client, verifier: createTokenVerifier({ issuer: config.issuer, jwksUri: meta.jwks_uri, algorithms: config.algorithms }) };
    })().catch((error: unknown) => {
      // Try again at the next login rather than remembering a provider that was down.
      discovered = null;
      throw new IdentityRefused('udbyder_utilgaengelig', `Kommunens login kan ikke nås lige nu. Prøv igen om lidt. (${(error as Error).message})`);
    });
    return discovered;
  };

  const webScope = ['openid', 'profile', config.apiScope].filter(Boolean).join(' ');

  const identityOf = (claims: JWTPayload): ProviderIdentity => {
    const subject = typeof claims.oid === 'string' && claims.oid ? claims.oid : claims.sub;
    if (!subject) throw new IdentityRefused('intet_subjekt', 'Kommunens login sendte ingen bruger-id.');
    const username = [claims.preferred_username, claims.upn, claims.email].find((v): v is string => typeof v === 'string' && v.length > 0);
    return {
      provider: config.issuer,
      subject,
      username: username ? username.toLowerCase() : null,
      displayName: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : null,
      roleValues: roleValuesOf(claims, config.roleClaim),
    };
  };

  return {
    provider: config.issuer,
    publicConfig: () => ({
      kind: 'oidc',
      label: config.label,
      issuer: config.issuer,
      desktopClientId: config.desktopClientId,
      desktopScopes: ['openid', 'profile', 'offline_access', config.apiScope].filter(Boolean).join(' '),
      webLoginPath: '/api/auth/oidc/start',
    }),

    async startWebLogin({ redirectUri, state }) {
      const { client } = await discover();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(client, {
        redirect_uri: redirectUri,
        scope: webScope,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, pending: { codeVerifier, nonce, redirectUri } satisfies PendingWebLogin };
    },

    async finishWebLogin(callbackUrl, state, pending) {
      const { client, verifier } = await discover();
      let tokens: oidc.TokenEndpointResponse;
      try {
        tokens = await oidc.authorizationCodeGrant(client, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new IdentityRefused(error instanceof oidc.AuthorizationResponseError ? `udbyder_${error.error}` : 'kode_afvist', providerRefusalMessage(error));
      }
      // openid-client has checked state, nonce and the ID token's claims; jose checks its signature too,
      // and the access token is held to the same rules as the desktop's.
      const idClaims = await verifier.verify(tokens.id_token!, { audience: config.clientId, nonce: pending.nonce });
      const identity = identityOf(await verifier.verify(tokens.access_token, { audience: config.audience }));
      if (identityOf(idClaims).subject !== identity.subject) throw new IdentityRefused('subjekt_forskelligt', 'Kommunens login sendte to forskellige brugere.');
      return identity;
    },

    async verifyApiToken(token) {
      const { verifier } = await discover();
      return identityOf(await verifier.verify(token, { audience: config.audience }));
    },

    async endSessionUrl(postLogoutRedirectUri) {
      const { client } = await discover();
      if (!client.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(client, { post_logout_redirect_uri: postLogoutRedirectUri, client_id: config.clientId }).href;
    },
  };
}

/**
 * The role claim's values. Entra replaces `groups` by a pointer (`_claim_names.groups`, or
 * `hasgroups: true`) when a user is in more groups than fit in a token: that is an 'overage'.
 */
export function roleValuesOf(claims: JWTPayload, claim: string): string[] | 'overage' {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return [value];
  const names = claims._claim_names as Record<string, unknown> | undefined;
  if ((names && typeof names === 'object' && claim in names) || (claim === 'groups' && claims.hasgroups === true)) return 'overage';
  return [];
}

function providerRefusalMessage(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied') return 'Login blev afbrudt eller afvist hos kommunens login.';
  return 'Kommunens login kunne ikke gennemføres. Prøv igen.';
}
