/**
 * deploy/nginx/tilsyn.conf, run by Debian's nginx with a self-signed certificate in front of a real
 * server on loopback: a login through it works, HSTS is sent, plain HTTP only redirects, and a
 * client's forged X-Forwarded-For is replaced by the address nginx saw.
 */
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LOAD_BALANCER_MISSING, startNginx, type RunningNginx } from '../../support/loadBalancer';
import { ADMIN_PASSWORD, DIALECTS, freshDatabase, startApp, type FreshDatabase } from './helpers';

const SKIP = LOAD_BALANCER_MISSING;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(url: string, opts: { method?: string; body?: unknown; headers?: Record<string, string>; ca?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers = { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  const make = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(url, { method: opts.method ?? 'GET', headers, ca: opts.ca, servername: 'localhost' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The TLS version agreed, or the error's message. */
function handshake(port: number, ca: string, maxVersion: SecureVersion, minVersion: SecureVersion = 'TLSv1'): Promise<string> {
  return new Promise((resolve) => {
    // SECLEVEL=0 lets this client offer the old versions at all, so a refusal is nginx's.
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca, minVersion, maxVersion, ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
      resolve(socket.getProtocol() ?? '?');
      socket.end();
    });
    socket.on('error', (error) => resolve(`error: ${error.message}`));
  });
}

describe.skipIf(SKIP !== null)(`nginx as the TLS proxy (deploy/nginx/tilsyn.conf)${SKIP ? ` — SPRUNGET OVER: ${SKIP}` : ''}`, () => {
  let db: FreshDatabase;
  let app: FastifyInstance;
  let nginx: RunningNginx | null = null;
  let ca: string;
  let ports: { http: number; https: number };

  beforeAll(async () => {
    db = await freshDatabase(DIALECTS[0]!);
    // As in production: only the proxy is trusted, and plain HTTP from elsewhere is refused.
    app = await startApp(db, { trustedProxies: ['127.0.0.1'], allowInsecureHttp: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    nginx = await startNginx({ backends: [(app.server.address() as { port: number }).port] });
    ({ ca, ports } = nginx);
  }, 30_000);

  afterAll(async () => {
    await nginx?.stop();
    await app?.close();
    await db?.drop();
  });

  it('logs in through TLS, with HSTS, and the server sees https from its trusted proxy', async () => {
    const res = await call(`https://127.0.0.1:${ports.https}/api/auth/login`, { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD }, ca });
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).token).toMatch(/.{20,}/);
    expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.server).toBe('nginx');
  });

  it('speaks TLS 1.3 and 1.2 only: TLS 1.1 and 1.0 are refused', async () => {
    expect(await handshake(ports.https, ca, 'TLSv1.3')).toBe('TLSv1.3');
    expect(await handshake(ports.https, ca, 'TLSv1.2')).toBe('TLSv1.2');
    for (const old of ['TLSv1.1', 'TLSv1'] as const) {
      const answer = await handshake(ports.https, ca, old);
      // nginx's own alert, not this client failing to offer the version.
      expect(answer, old).toMatch(/^error: .*alert protocol version/);
    }
  });

  it('answers plain HTTP only with a redirect to https', async () => {
    const res = await call(`http://127.0.0.1:${ports.http}/api/auth/login`, { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.status).toBe(301);
    expect(String(res.headers.location)).toMatch(/^https:\/\//);
    expect(res.body).not.toContain('token');
  });

  it('replaces a forged X-Forwarded-For and X-Forwarded-Proto with what nginx saw', async () => {
    const wrong = await call(`https://127.0.0.1:${ports.https}/api/auth/login`, {
      method: 'POST',
      body: { username: 'admin', password: 'forkert-adgangskode' },
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'http' },
      ca,
    });
    expect(wrong.status).toBe(401); // not 403: nginx said https, whatever the client claimed
    const rows = await app.tilsyn.db.selectFrom('audit').select(['action', 'ip']).where('action', '=', 'login.failed').execute();
    expect(rows).toEqual([{ action: 'login.failed', ip: '127.0.0.1' }]);
  });
});
