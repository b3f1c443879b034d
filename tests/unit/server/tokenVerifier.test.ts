import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterEach, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../server/auth/identity/tokenVerifier';

/** A provider's JWKS endpoint whose keys the test rotates, counting the fetches. */
async function jwksServer() {
  const state = { keys: [] as object[], fetches: 0 };
  const server = createServer((_req, res) => {
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys` };
}
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function key(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}
const sign = (k: Awaited<ReturnType<typeof key>>) =>
  new SignJWT({ sub: 's' }).setProtectedHeader({ alg: 'RS256', kid: k.kid }).setIssuer('https://idp.example').setAudience('api://tilsyn').setIssuedAt().setExpirationTime('5m').sign(k.privateKey);

it('caches the JWKS, fetches it again when a token names an unknown kid (a rotated key), and no sooner than the cooldown', async () => {
  const { state, url } = await jwksServer();
  const a = await key('a');
  const b = await key('b');
  state.keys = [a.jwk];
  const verifier = createTokenVerifier({ issuer: 'https://idp.example', jwksUri: url, algorithms: ['RS256'], cooldownMs: 0 });
  await verifier.verify(await sign(a), { audience: 'api://tilsyn' });
  await verifier.verify(await sign(a), { audience: 'api://tilsyn' });
  expect(state.fetches).toBe(1);
  // The provider rotates its key: the first token with the new kid makes one new fetch, and is accepted.
  state.keys = [a.jwk, b.jwk];
  await expect(verifier.verify(await sign(b), { audience: 'api://tilsyn' })).resolves.toMatchObject({ sub: 's' });
  expect(state.fetches).toBe(2);

  // With the cooldown, a burst of unknown kids costs no more fetches.
  const slow = createTokenVerifier({ issuer: 'https://idp.example', jwksUri: url, algorithms: ['RS256'] });
  await slow.verify(await sign(a), { audience: 'api://tilsyn' });
  const before = state.fetches;
  for (let i = 0; i < 5; i++) await expect(slow.verify(await sign(await key(`x${i}`)), { audience: 'api://tilsyn' })).rejects.toThrow('Kommunens login kunne ikke bekræftes');
  expect(state.fetches - before).toBeLessThanOrEqual(1);
});

it('checks the nonce when one is expected', async () => {
  const { state, url } = await jwksServer();
  const a = await key('a');
  state.keys = [a.jwk];
  const verifier = createTokenVerifier({ issuer: 'https://idp.example', jwksUri: url, algorithms: ['RS256'] });
  const token = await new SignJWT({ sub: 's', nonce: 'n1' }).setProtectedHeader({ alg: 'RS256', kid: 'a' }).setIssuer('https://idp.example').setAudience('web').setIssuedAt().setExpirationTime('5m').sign(a.privateKey);
  await expect(verifier.verify(token, { audience: 'web', nonce: 'n1' })).resolves.toMatchObject({ nonce: 'n1' });
  await expect(verifier.verify(token, { audience: 'web', nonce: 'n2' })).rejects.toMatchObject({ reason: 'nonce' });
});
