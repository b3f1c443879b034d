import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app';
import { syncOnce, type SyncFetch } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { ADMIN_PASSWORD, DIALECTS, PASSWORD, api, countRows, institution, login, mutation, newInspection, startApp, useServer } from './helpers';
import { throwawayCluster, throwawayClusterUnavailable, type ThrowawayCluster } from './pgCluster';

const sqliteCase = DIALECTS.find((d) => d.name === 'sqlite')!;
const pgCase = DIALECTS.find((d) => d.name === 'postgres')!;

function newInspectionMutation(institutionId = 'INST-A') {
  const { id, rev: _r, updatedAt: _u, ...fields } = newInspection(institutionId, { notes: 'x'.repeat(2000) } as never);
  return mutation('inspection', id, 0, fields);
}

function expectDatabase503(res: { statusCode: number; headers: Record<string, unknown>; json(): { error: string; code?: string } }, code: string) {
  expect(res.statusCode).toBe(503);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.json().code).toBe(code);
  expect(res.json().error).toMatch(/[æøå]|Databasen|Serveren/);
}

describe('database faults · SQLite', () => {
  const s = useServer(sqliteCase, {}, { world: true });

  it('a full disk (max_page_count): 503 in Danish, nothing half-stored, /api/health says not writable; writes again when there is room', async () => {
    const a = api(s.app, s.world.konsulentA);
    const before = { records: await countRows(s.app, 'records'), mutations: await countRows(s.app, 'mutations'), revisions: await countRows(s.app, 'record_revisions') };
    const pages = Number(((await sql.raw('pragma page_count').execute(s.app.tilsyn.db)).rows[0] as { page_count: number }).page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(s.app.tilsyn.db);
    const batch = Array.from({ length: 60 }, () => newInspectionMutation());
    const res = await a.push('device-full-1', batch);
    expectDatabase503(res, 'database_full');
    expect(res.json().error).toContain('disk er fuld');
    expect({ records: await countRows(s.app, 'records'), mutations: await countRows(s.app, 'mutations'), revisions: await countRows(s.app, 'record_revisions') }).toEqual(before);
    const health = await api(s.app).get('/api/health');
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ ok: false, database: 'ok', writable: false });
    expect(health.json().error).toMatch(/fuld/);

    await sql.raw('pragma max_page_count = 1073741823').execute(s.app.tilsyn.db);
    expect((await a.push('device-full-1', batch)).statusCode).toBe(200);
    expect(await countRows(s.app, 'records')).toBe(before.records + 60);
  });

  it('SQLITE_BUSY (another process holds the write lock): 503 with Retry-After, then the same push goes through once', async () => {
    await sql.raw('pragma busy_timeout = 100').execute(s.app.tilsyn.db);
    const other = new SQLite(s.app.tilsyn.location);
    try {
      other.exec('BEGIN IMMEDIATE');
      const batch = [newInspectionMutation()];
      const res = await api(s.app, s.world.konsulentA).push('device-busy-1', batch);
      expectDatabase503(res, 'database_busy');
      other.exec('ROLLBACK');
      const again = await api(s.app, s.world.konsulentA).push('device-busy-1', batch);
      expect(again.statusCode).toBe(200);
      expect(await countRows(s.app, 'mutations')).toBe(1);
    } finally {
      other.close();
    }
  });

  it('a read-only database: 503 in Danish, /api/health says not writable, reads still work', async () => {
    await sql.raw('pragma query_only = 1').execute(s.app.tilsyn.db);
    const res = await api(s.app, s.world.konsulentA).push('device-ro-1', [newInspectionMutation()]);
    expectDatabase503(res, 'database_readonly');
    expect(res.json().error).toContain('skrivebeskyttet');
    const health = await api(s.app).get('/api/health');
    expect(health.json()).toMatchObject({ ok: false, database: 'ok', writable: false });
    expect((await api(s.app, s.world.konsulentA).pull()).statusCode).toBe(200);
    await sql.raw('pragma query_only = 0').execute(s.app.tilsyn.db);
    expect((await api(s.app).get('/api/health')).json()).toMatchObject({ ok: true, writable: true });
  });
});

describe.skipIf(process.getuid?.() !== 0 || spawnSync('id', ['-u', 'nobody']).status !== 0)('database faults · a read-only data folder (as user nobody)', () => {
  it('the server does not start, says why in Danish, with no stack trace', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tilsyn-ro-'));
    const dir = path.join(root, 'data');
    mkdirSync(dir);
    chmodSync(root, 0o755);
    chmodSync(dir, 0o555);
    try {
      const run = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, path.resolve('node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
        env: { ...process.env, TILSYN_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '', HOME: root },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Tilsyn kan ikke starte: Kan ikke åbne databasen');
      expect(run.stderr).toContain('skrivebeskyttet');
      expect(run.stderr).toContain('TILSYN_DATA_DIR');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(pgCase.skip !== null)(`database faults · PostgreSQL${pgCase.skip ? ` (SPRUNGET OVER: ${pgCase.skip})` : ''}`, () => {
  const s = useServer(pgCase, {}, { world: true });

  it("terminating the server's PostgreSQL connections mid-traffic: no crash, any failure a 503 with Retry-After, then it serves again; nothing lost or doubled", async () => {
    const url = s.database.options.databaseUrl!;
    const dbName = new URL(url).pathname.slice(1);
    const statuses: number[] = [];
    let pushed = 0;
    let running = true;
    const worker = async (n: number) => {
      for (let i = 0; running || i < 3; i++) {
        const batch = [newInspectionMutation()];
        for (;;) {
          const res = await api(s.app, s.world.konsulentA).push(`device-term-${n}`, batch);
          statuses.push(res.statusCode);
          if (res.statusCode === 200) break;
          expectDatabase503(res, 'database_unavailable');
          await new Promise((r) => setTimeout(r, 20));
        }
        pushed += 1;
        if (i > 200) break;
      }
    };
    const workers = Array.from({ length: 8 }, (_, n) => worker(n));
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    let terminated = 0;
    try {
      for (let round = 0; round < 5; round++) {
        await new Promise((r) => setTimeout(r, 150));
        const r = await admin.query("select count(*) filter (where pg_terminate_backend(pid)) as n from pg_stat_activity where datname = $1 and application_name = 'tilsyn'", [dbName]);
        terminated += Number(r.rows[0].n);
      }
    } finally {
      running = false;
      await admin.end();
    }
    await Promise.all(workers);
    const failures = statuses.filter((c) => c !== 200).length;
    console.log(`[postgres] ${terminated} forbindelser afbrudt under ${statuses.length} push-kald: ${failures} × 503, resten 200`);
    expect(terminated).toBeGreaterThan(0);
    expect(new Set(statuses.filter((c) => c !== 200))).toEqual(failures ? new Set([503]) : new Set());
    expect((await api(s.app).get('/api/health')).json()).toMatchObject({ ok: true, database: 'ok', writable: true });
    expect(await countRows(s.app, 'mutations')).toBe(pushed);
    expect(await countRows(s.app, 'records')).toBe(pushed);
  });
});

describe.skipIf(pgCase.skip !== null)(`database faults · PostgreSQL statement timeout${pgCase.skip ? ` (SPRUNGET OVER: ${pgCase.skip})` : ''}`, () => {
  const s = useServer(pgCase, {}, { world: true });

  it('a statement stuck behind a lock ends at statement_timeout with 503 and Retry-After, and the push goes through once the lock is gone', async () => {
    process.env.TILSYN_DB_STATEMENT_TIMEOUT_MS = '400';
    const app = await startApp(s.database);
    delete process.env.TILSYN_DB_STATEMENT_TIMEOUT_MS;
    const locker = new pg.Client({ connectionString: s.database.options.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      // Pushes on PostgreSQL no longer queue on sync_sequence (db/sequence.ts): hold the records table instead.
      await locker.query('LOCK TABLE records IN EXCLUSIVE MODE');
      const batch = [newInspectionMutation()];
      const t = Date.now();
      const res = await api(app, s.world.konsulentA).push('device-timeout-1', batch);
      expect(Date.now() - t).toBeLessThan(5_000);
      expectDatabase503(res, 'database_busy');
      await locker.query('ROLLBACK');
      expect((await api(app, s.world.konsulentA).push('device-timeout-1', batch)).statusCode).toBe(200);
      expect(await countRows(app, 'mutations')).toBe(1);
    } finally {
      await locker.end();
      await app.close();
    }
  });
});

const noCluster = pgCase.skip ?? throwawayClusterUnavailable();
describe.skipIf(noCluster !== null)(`database faults · PostgreSQL restarted mid-push on a cluster of its own${noCluster ? ` (SPRUNGET OVER: ${noCluster})` : ''}`, () => {
  let cluster: ThrowawayCluster;
  let app: FastifyInstance;
  beforeAll(async () => {
    cluster = await throwawayCluster();
    app = await buildApp({ databaseUrl: cluster.url, adminPassword: ADMIN_PASSWORD, print: () => {}, rendererDir: '/nonexistent' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    cluster?.destroy();
  });

  it('no crash, 503s during the outage, and afterwards the outbox drains with no mutation lost or doubled', async () => {
    const admin = api(app, await login(app, 'admin', ADMIN_PASSWORD));
    expect((await admin.post('/api/admin/institutions', institution('INST-A'))).statusCode).toBe(201);
    expect((await admin.post('/api/admin/users', { username: 'konsulent-a', displayName: 'K', role: 'konsulent', institutionIds: ['INST-A'], password: PASSWORD })).statusCode).toBe(201);
    const token = await login(app, 'konsulent-a');

    const statuses: number[] = [];
    let pushes = 0;
    let stopped = false;
    const fetch: SyncFetch = async (url, init) => {
      // Mid-push: after three batches went through, PostgreSQL goes down (a fast shutdown).
      if (url.startsWith('/api/sync/push') && ++pushes === 4) {
        cluster.stop();
        stopped = true;
      }
      const res = await app.inject({ method: init.method, url, headers: { ...init.headers, authorization: `Bearer ${token}` }, ...(init.body === undefined ? {} : { payload: init.body }) });
      statuses.push(res.statusCode);
      return { status: res.statusCode, json: async () => JSON.parse(res.body) as unknown };
    };
    const storage = new MemoryStorage();
    const N = 120;
    for (let i = 0; i < N; i++) {
      const { id, rev: _r, updatedAt: _u, ...fields } = newInspection('INST-A');
      await storage.write('inspection', id, fields);
    }
    // The device keeps trying, as the app's engine does, until its outbox is empty.
    const syncing = (async () => {
      const reports = [];
      for (let round = 0; round < 400 && storage.outbox().length > 0; round++) {
        reports.push(await syncOnce(storage, fetch, 'device-restart-1', { batchSize: 5 }));
        await new Promise((r) => setTimeout(r, 50));
      }
      return reports;
    })();
    while (!stopped) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1000));
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ ok: false, database: 'unavailable', writable: false });
    const during = storage.outbox().length;
    expect(during).toBe(N - 15);
    cluster.start();
    const reports = await syncing;

    const outage = statuses.filter((c) => c === 503).length;
    console.log(`[postgres genstart] ${statuses.length} kald, ${outage} × 503 under afbrydelsen, ${reports.filter((r) => !r.ok).length} mislykkede synkroniseringer; udbakke tom: ${storage.outbox().length === 0}`);
    expect(outage).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    expect(reports.filter((r) => !r.ok).every((r) => r.error?.retryable && r.error.status === 503)).toBe(true);
    expect(storage.outbox()).toEqual([]);
    expect(await countRows(app, 'mutations')).toBe(N);
    expect(await countRows(app, 'records')).toBe(N);
    const ids = await app.tilsyn.db.selectFrom('records').select('id').distinct().execute();
    expect(ids).toHaveLength(N);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  }, 120_000);
});
