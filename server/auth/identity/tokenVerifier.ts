import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { IdentityRefused } from './adapter';

/**
 * The one judge of a provider's JWT (access token or ID token), with `jose`: the signature against
 * the issuer's JWKS (cached; fetched again when a token names an unknown `kid`, at most every 30 s),
 * `iss` exactly, `aud`, `exp`/`nbf` with at most 60 s of clock skew, and only the configured
 * asymmetric algorithms (never `none`, never HS*: jose refuses any algorithm not in the list).
 */
export const CLOCK_TOLERANCE_S = 60;

export interface TokenVerifier {
  verify(token: string, expect: { audience: string; nonce?: string }): Promise<JWTPayload>;
}

/** `cooldownMs`: no JWKS fetch sooner than this after the last one (so a flood of made-up `kid`s costs one fetch). */
export function createTokenVerifier(opts: { issuer: string; jwksUri: string; algorithms: readonly string[]; cooldownMs?: number }): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUri), { cooldownDuration: opts.cooldownMs ?? 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 10_000 });
  return {
    async verify(token, expect) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: opts.issuer,
          audience: expect.audience,
          algorithms: [...opts.algorithms],
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'iat'],
        }));
      } catch (error) {
        throw new IdentityRefused(refusalCode(error), 'Kommunens login kunne ikke bekræftes. Log ind igen.');
      }
      if (expect.nonce !== undefined && payload.nonce !== expect.nonce)
        throw new IdentityRefused('nonce', 'Kommunens login kunne ikke bekræftes (nonce). Log ind igen.');
      return payload;
    },
  };
}

/** A short code for the audit trail: why a token was refused (never the token). */
function refusalCode(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'udloebet';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim_${error.claim}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signatur';
  if (error instanceof errors.JWKSNoMatchingKey) return 'ukendt_noegle';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algoritme';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'ugyldigt_token';
  if (error instanceof errors.JWKSTimeout) return 'jwks_timeout';
  return 'ukendt';
}
