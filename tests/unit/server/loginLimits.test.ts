import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { passwordQueue, PasswordQueue } from '../../../server/auth/passwordQueue';
import { parseTrustedProxies } from '../../../server/auth/trustedProxies';
import { ADMIN_PASSWORD, describeDialects, freshDatabase, startApp, useServer } from './helpers';

const PROXY = '10.0.0.1';

function tryLogin(app: FastifyInstance, username: string, password: string, from: { remoteAddress?: string; forwardedFor?: string } = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
    headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
  });
}

/** Runs `count` calls of `fn`, at most `parallel` at a time. */
async function flood<T>(count: number, parallel: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await fn(i);
      }
    }),
  );
  return results;
}

const statusCounts = (codes: number[]) => codes.reduce<Record<number, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {});

describeDialects('login limits', (d) => {
  describe('per username and client', () => {
    const clock = { now: Date.now() };
    const s = useServer(d, { loginLimit: { maxPerIp: 10_000, now: () => clock.now } });

    it('200 concurrent wrong logins for one user get at most 5 password verifications in the window', async () => {
      const before = passwordQueue.verifications;
      const res = await Promise.all(Array.from({ length: 200 }, (_, i) => tryLogin(s.app, 'admin', `forkert-kode-${i}`)));
      const verified = passwordQueue.verifications - before;
      const counts = statusCounts(res.map((r) => r.statusCode));
      console.log(`[${d.name}] 200 samtidige forkerte logins: ${verified} adgangskodetjek, svar ${JSON.stringify(counts)}`);
      expect(verified).toBeLessThanOrEqual(5);
      expect(counts[401]).toBe(verified);
      expect(counts[429]).toBe(200 - verified);
      // The right password is refused too now (from this client), without being checked.
      const blocked = await tryLogin(s.app, 'admin', ADMIN_PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(passwordQueue.verifications - before).toBe(verified);
      // …but the same user from another client is not locked out by the guesser.
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: '192.0.2.44' })).statusCode).toBe(200);
    });

    it('a lockout lifted in the database (an admin reset, another process) is followed within 5 seconds, not at the end of the window', async () => {
      for (let i = 0; i < 6; i++) await tryLogin(s.app, 'admin', `forkert-kode-${i}`);
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(429); // remembered by this process now
      await s.app.tilsyn.db.deleteFrom('login_attempts').where('key', 'like', 'u:admin|%').execute();
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(429); // still the remembered refusal
      clock.now += 5_001;
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
    });

    it('each window that ends used up makes the next one twice as long; a success starts afresh', async () => {
      const start = clock.now;
      try {
        const retryAfter = async () => {
          for (let i = 0; i < 5; i++) expect((await tryLogin(s.app, 'admin', `forkert-${i}-xxxxx`)).statusCode).toBe(401);
          const res = await tryLogin(s.app, 'admin', ADMIN_PASSWORD);
          expect(res.statusCode).toBe(429);
          return Number(res.headers['retry-after']);
        };
        const first = await retryAfter();
        expect(first).toBeGreaterThan(14 * 60);
        expect(first).toBeLessThanOrEqual(15 * 60);
        clock.now += first * 1000 + 1000;
        const second = await retryAfter();
        expect(second).toBeGreaterThan(29 * 60);
        expect(second).toBeLessThanOrEqual(30 * 60);
        clock.now += second * 1000 + 1000;
        expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
        const fresh = await retryAfter();
        expect(fresh).toBeLessThanOrEqual(15 * 60);
      } finally {
        clock.now = start;
      }
    });

    it('counters that ended more than a day ago are pruned', async () => {
      const start = clock.now;
      try {
        await tryLogin(s.app, 'ukendt-gammel', 'forkert-kode-123', { remoteAddress: '192.0.2.77' });
        const keys = async () => (await s.app.tilsyn.db.selectFrom('login_attempts').select('key').execute()).map((r) => r.key);
        expect(await keys()).toContain('u:ukendt-gammel|192.0.2.77');
        clock.now += 2 * 24 * 3600 * 1000;
        await tryLogin(s.app, 'ukendt-ny', 'forkert-kode-123', { remoteAddress: '192.0.2.78' });
        expect(await keys()).not.toContain('u:ukendt-gammel|192.0.2.77');
        expect(await keys()).toContain('u:ukendt-ny|192.0.2.78');
      } finally {
        clock.now = start;
      }
    });

    it('the limiter state survives a restart of the server', async () => {
      for (let i = 0; i < 5; i++) expect((await tryLogin(s.app, 'admin', `forkert-${i}-xxxxx`)).statusCode).toBe(401);
      await s.restart();
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD)).statusCode).toBe(429);
    });

    it('holds across two server processes on one database', async () => {
      const second = await startApp(s.database, { loginLimit: { maxPerIp: 10_000, now: () => clock.now } });
      try {
        const before = passwordQueue.verifications;
        const res = await Promise.all(Array.from({ length: 40 }, (_, i) => tryLogin(i % 2 ? s.app : second, 'admin', `forkert-kode-${i}`)));
        expect(passwordQueue.verifications - before).toBeLessThanOrEqual(5);
        expect(res.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(5);
      } finally {
        await second.close();
      }
    });
  });

  describe('behind a trusted proxy', () => {
    const s = useServer(d, { trustedProxies: [PROXY] });

    it('a flood of 1,000 unknown usernames from one client does not stop a real user at another client from logging in', async () => {
      const before = passwordQueue.verifications;
      const health: number[] = [];
      let flooding = true;
      const probe = (async () => {
        while (flooding) {
          const t = performance.now();
          const res = await s.app.inject({ method: 'GET', url: '/api/health' });
          health.push(performance.now() - t);
          expect(res.statusCode).toBe(200);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const realUser = (async () => {
        await new Promise((r) => setTimeout(r, 50));
        return tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: PROXY, forwardedFor: '198.51.100.8' });
      })();
      const res = await flood(1000, 50, (i) => tryLogin(s.app, `ukendt-${i}`, 'forkert-kode-123', { remoteAddress: PROXY, forwardedFor: '198.51.100.7' }));
      flooding = false;
      await probe;
      const real = await realUser;
      const counts = statusCounts(res.map((r) => r.statusCode));
      health.sort((a, b) => a - b);
      const p95 = health[Math.floor(health.length * 0.95)] ?? NaN;
      console.log(
        `[${d.name}] 1.000 ukendte brugernavne fra én klient: svar ${JSON.stringify(counts)}, ${passwordQueue.verifications - before} adgangskodetjek; ` +
          `/api/health under floden: n=${health.length}, median ${health[Math.floor(health.length / 2)]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${health.at(-1)?.toFixed(1)} ms`,
      );
      expect(real.statusCode).toBe(200);
      // The flood is slowed (the per-client ceiling), not given a long lock: it may try again within a minute.
      expect(counts[401]).toBeLessThanOrEqual(30);
      expect(counts[429]).toBeGreaterThanOrEqual(970);
      const retry = Number(res.find((r) => r.statusCode === 429)!.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      expect(res.find((r) => r.statusCode === 429)!.json().error).toMatch(/For mange loginforsøg fra din adresse/);
      // And the real user's client is untouched by the flood.
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: PROXY, forwardedFor: '198.51.100.8' })).statusCode).toBe(200);
    });

    it("clients are told apart by the trusted proxy's X-Forwarded-For; an untrusted peer's X-Forwarded-For is ignored", async () => {
      for (let i = 0; i < 5; i++) expect((await tryLogin(s.app, 'admin', `forkert-${i}-xxxxx`, { remoteAddress: PROXY, forwardedFor: '198.51.100.20' })).statusCode).toBe(401);
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: PROXY, forwardedFor: '198.51.100.20' })).statusCode).toBe(429);
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: PROXY, forwardedFor: '198.51.100.21' })).statusCode).toBe(200);
      // A peer that is not the proxy claims to be the fresh client .22: its own address counts.
      for (let i = 0; i < 5; i++) expect((await tryLogin(s.app, 'admin', `forkert-${i}-xxxxx`, { remoteAddress: '10.0.0.2', forwardedFor: `198.51.100.${30 + i}` })).statusCode).toBe(401);
      expect((await tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: '10.0.0.2', forwardedFor: '198.51.100.22' })).statusCode).toBe(429);
      const rows = await s.app.tilsyn.db.selectFrom('audit').select(['ip', 'action']).where('action', '=', 'login.failed').execute();
      expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['198.51.100.20', '10.0.0.2']));
    });
  });

  describe('without trusted proxies', () => {
    const s = useServer(d);

    it('a forged X-Forwarded-For from an untrusted peer is ignored', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await tryLogin(s.app, 'admin', `forkert-${i}-xxxxx`, { remoteAddress: '203.0.113.9', forwardedFor: `198.51.100.${i}` });
        expect(res.statusCode).toBe(401);
      }
      const res = await tryLogin(s.app, 'admin', ADMIN_PASSWORD, { remoteAddress: '203.0.113.9', forwardedFor: '198.51.100.99' });
      expect(res.statusCode).toBe(429);
      const ips = await s.app.tilsyn.db.selectFrom('audit').select('ip').distinct().execute();
      expect(ips.map((r) => r.ip)).toEqual(['203.0.113.9']);
    });
  });
});

describe('password queue', () => {
  it('runs at most `concurrency` hashes at once and refuses beyond `maxWaiting` with 503', async () => {
    const q = new PasswordQueue(2, 3);
    let active = 0;
    let most = 0;
    const work = () =>
      q.run(async () => {
        active += 1;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 20));
        active -= 1;
        return true;
      });
    const results = await Promise.allSettled(Array.from({ length: 7 }, work));
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ statusCode: 503, headers: { 'retry-after': '2' } });
    expect(await work()).toBe(true);
  });
});

describe('TILSYN_TRUSTED_PROXIES', () => {
  it('takes addresses, CIDRs and proxy-addr names; refuses anything else in Danish', () => {
    expect(parseTrustedProxies(' 10.0.0.1, 192.168.0.0/16 ,::1,fd00::/8, loopback')).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback']);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies('')).toEqual([]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.300', '*', '10.0.0.0/8/1']) {
      expect(() => parseTrustedProxies(bad)).toThrow(/TILSYN_TRUSTED_PROXIES: ".*" er hverken en IP-adresse/);
    }
  });

  it('a bad entry stops the server from starting', async () => {
    const db = await freshDatabase({ name: 'sqlite', label: 'SQLite', skip: null });
    try {
      process.env.TILSYN_TRUSTED_PROXIES = 'min-proxy';
      await expect(startApp(db)).rejects.toThrow(/TILSYN_TRUSTED_PROXIES: "min-proxy"/);
    } finally {
      delete process.env.TILSYN_TRUSTED_PROXIES;
      await db.drop();
    }
  });
});
