import * as oidc from 'openid-client';
import { loginThroughProvider } from './providerBrowser';

/**
 * Tokens as the desktop app gets them: code + PKCE with the demo provider's public client and a
 * loopback redirect (the browser stops at it; nothing needs to listen there).
 */
export async function desktopTokens(issuer: string, accountOid: string, scope = 'openid profile offline_access api://tilsyn-demo/access_as_user') {
  const client = await oidc.discovery(new URL(issuer), 'tilsyn-desktop', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const redirectUri = 'http://127.0.0.1:65000/callback';
  const url = oidc.buildAuthorizationUrl(client, { redirect_uri: redirectUri, scope, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce });
  const callback = await loginThroughProvider(url.href, accountOid, (u) => u.href.startsWith(redirectUri));
  const tokens = await oidc.authorizationCodeGrant(client, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  return { client, tokens };
}
