import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { securityHeaders } from '../../../server/app';
import { cspDirectives, cspHeader } from '../../../shared/csp';
import { buildCsp } from '../../../electron/csp';
import { isLoopback } from '../../../server/auth/transport';
import { ADMIN_PASSWORD, freshDatabase, startApp, DIALECTS, type FreshDatabase } from './helpers';

const SQLITE = DIALECTS[0]!;
const LOGIN = { username: 'admin', password: ADMIN_PASSWORD };

function login(app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: LOGIN, remoteAddress, headers });
}

describe('password login needs TLS from other machines (TILSYN_ALLOW_INSECURE_HTTP, X-Forwarded-Proto)', () => {
  let db: FreshDatabase;
  let plain: FastifyInstance;
  let proxied: FastifyInstance;
  let insecure: FastifyInstance;
  beforeAll(async () => {
    db = await freshDatabase(SQLITE);
    // Three configurations on one database (the first makes the admin).
    plain = await startApp(db, { allowInsecureHttp: false });
    proxied = await startApp(db, { trustedProxies: ['10.0.0.5'], allowInsecureHttp: false });
    insecure = await startApp(db, { allowInsecureHttp: true });
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), proxied?.close(), insecure?.close()]);
    await db?.drop();
  });

  it('allows plain HTTP from loopback (development, tests, a proxy on the same machine)', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect((await login(plain, address)).statusCode, address).toBe(200);
  });

  it('refuses plain HTTP from another machine with a Danish reason, before the password is checked or counted', async () => {
    const res = await login(plain, '192.168.1.20');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'kraever_https' });
    expect(res.json().error).toMatch(/kræver en krypteret forbindelse \(https\)/);
    const failed = await plain.tilsyn.db.selectFrom('audit').select('action').where('action', 'like', 'login.%').where('ip', '=', '192.168.1.20').execute();
    expect(failed).toEqual([]);
    const attempts = await plain.tilsyn.db.selectFrom('login_attempts').selectAll().execute();
    expect(attempts.filter((a) => JSON.stringify(a).includes('192.168.1.20'))).toEqual([]);
  });

  it('allows it from another machine when TILSYN_ALLOW_INSECURE_HTTP=1', async () => {
    expect((await login(insecure, '192.168.1.20')).statusCode).toBe(200);
  });

  it('believes X-Forwarded-Proto: https from a trusted proxy, and refuses when it says http or nothing', async () => {
    expect((await login(proxied, '10.0.0.5', { 'x-forwarded-for': '192.168.1.20', 'x-forwarded-proto': 'https' })).statusCode).toBe(200);
    expect((await login(proxied, '10.0.0.5', { 'x-forwarded-for': '192.168.1.20', 'x-forwarded-proto': 'http' })).statusCode).toBe(403);
    expect((await login(proxied, '10.0.0.5', { 'x-forwarded-for': '192.168.1.20' })).statusCode).toBe(403);
  });

  it('ignores X-Forwarded-Proto: https forged by an untrusted peer', async () => {
    const forged = { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https' };
    expect((await login(plain, '192.168.1.20', forged)).statusCode).toBe(403);
    expect((await login(proxied, '192.168.1.21', forged)).statusCode).toBe(403);
  });

  it('refuses a client that a trusted proxy says is elsewhere and came over plain HTTP, even with the proxy on loopback', async () => {
    const local = await startApp(db, { trustedProxies: ['loopback'], allowInsecureHttp: false });
    try {
      expect((await login(local, '127.0.0.1', { 'x-forwarded-for': '192.168.1.20', 'x-forwarded-proto': 'http' })).statusCode).toBe(403);
      expect((await login(local, '127.0.0.1', { 'x-forwarded-for': '192.168.1.20', 'x-forwarded-proto': 'https' })).statusCode).toBe(200);
      // An untrusted proxy on this machine that says "http": believing "insecure" can only refuse.
      expect((await login(plain, '127.0.0.1', { 'x-forwarded-proto': 'http' })).statusCode).toBe(403);
    } finally {
      await local.close();
    }
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '1127.0.0.1', '::2', '', undefined].map(isLoopback)).toEqual([false, false, false, false, false, false]);
  });

  it('sends Cache-Control: no-store on every /api/ answer, errors, 404s and refusals included', async () => {
    const cases = [
      await plain.inject({ url: '/api/health' }),
      await plain.inject({ url: '/api/auth/me' }),
      await plain.inject({ url: '/api/finnes-ikke' }),
      await plain.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } }),
      await login(plain, '127.0.0.1'),
      await login(plain, '192.168.1.20'),
    ];
    expect(cases.map((r) => r.statusCode)).toEqual([200, 401, 404, 400, 200, 403]);
    for (const res of cases) expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 60)}`).toBe('no-store');
  });

  it('sends the desktop shell’s CSP, with connect-src its own origin only', async () => {
    const res = await plain.inject({ url: '/api/health' });
    // helmet joins directives with ";" and no space.
    const csp = String(res.headers['content-security-policy']).split(';').map((d) => d.trim()).join('; ');
    expect(csp).toBe(cspHeader(cspDirectives()));
    expect(csp).toBe(buildCsp({ syncOrigin: null }));
    expect(csp).not.toMatch(/upgrade-insecure-requests|unsafe-eval|\*/);
    expect(csp).toContain("worker-src 'self';");
  });

  it('sends every header helmet sets, on answers, errors and 404s alike (worked out once, server/app.ts)', async () => {
    // helmet's own middleware on a real node response, as the server ran it on each request before.
    const real = new ServerResponse(new IncomingMessage(new Socket()));
    helmet({ contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() } })(real.req, real, (error?: unknown) => {
      if (error) throw error;
    });
    const expected = Object.fromEntries(Object.entries(real.getHeaders()).map(([k, v]) => [k, String(v)]));
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    expect(securityHeaders()).toEqual(expected);
    for (const res of [await plain.inject({ url: '/api/health' }), await plain.inject({ url: '/api/auth/me' }), await plain.inject({ url: '/finnes-ikke' }), await plain.inject({ url: '/api/finnes-ikke' })]) {
      for (const [name, value] of Object.entries(expected)) expect(res.headers[name], `${res.statusCode} ${name}`).toBe(value);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await plain.inject({ url: '/finnes-ikke' })).headers['cache-control']).toBeUndefined();
  });
});
