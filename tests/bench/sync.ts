/**
 * Sync benchmarks against a real listening server on 127.0.0.1 (not inject):
 *   1. first full pull of 40 institutions × 10 years of inspections (7 theme scores each) from empty;
 *   2. push throughput (mutations per second);
 *   3. 100 devices syncing at once: latency p50/p95, errors, lost or doubled mutations (must be 0).
 * On SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (a fresh database, dropped afterwards).
 *
 *   npx tsx tests/bench/sync.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../server/seed/records';
import { THEME_IDS } from '../../shared/framework';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { syncOnce, type SyncFetch } from '../../shared/sync/clientCore';
import { MemoryStorage } from '../../shared/sync/memoryStorage';
import type { PushResult } from '../../shared/sync/wire';

const ADMIN_PASSWORD = 'bench-admin-password';
const PASSWORD = 'bench-password-1';
const INSTITUTIONS = 40;
const YEARS = 10;
const DEVICES = 100;
const USERS = 20;
const ROUNDS = 3;

export interface SyncBenchResult {
  dialect: 'sqlite' | 'postgres';
  fullPull: { records: number; ms: number; requests: number };
  push: { mutations: number; ms: number; perSecond: number };
  devices: { devices: number; syncs: number; p50: number; p95: number; requestP50: number; requestP95: number; errors: number; mutations: number; lost: number; doubled: number };
}

interface Target {
  dialect: 'sqlite' | 'postgres';
  options: { dataDir?: string; databaseUrl?: string };
  drop(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tilsyn-bench-'));
  return { dialect: 'sqlite', options: { dataDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `tilsyn_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    options: { databaseUrl: u.toString() },
    drop: async () => {
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A SyncFetch over real HTTP, recording each request's latency. */
function httpFetch(base: string, token: string, latencies?: number[]): SyncFetch {
  return async (url, init) => {
    const t0 = performance.now();
    const res = await fetch(base + url, { method: init.method, headers: { ...init.headers, authorization: `Bearer ${token}` }, body: init.body });
    const text = await res.text();
    latencies?.push(performance.now() - t0);
    return { status: res.status, json: async () => JSON.parse(text) as unknown };
  };
}

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function post(base: string, token: string, url: string, body: unknown): Promise<unknown> {
  const res = await fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** 40 institutions, one final inspection a year for 10 years, 7 scores, an anerkendelse and an anbefaling each. */
function history(institutionIds: string[]): SeedRecord[] {
  const items: SeedRecord[] = [];
  for (const inst of institutionIds) {
    for (let y = 0; y < YEARS; y++) {
      const id = `bench-${inst}-${2016 + y}`;
      const date = `${2016 + y}-0${1 + (y % 9)}-1${y % 10}`;
      items.push({
        type: 'inspection',
        data: { id, institutionId: inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Karen', 'Jonas'], participants: ['Leder'], status: 'endelig' },
      });
      THEME_IDS.forEach((themeId, t) =>
        items.push({ type: 'themeScore', data: { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: 1 + ((y + t) % 4), note: `Observation om ${themeId} ${y}` } }),
      );
      const stamp = `${date}T12:00:00.000Z`;
      items.push({ type: 'anerkendelse', data: { id: `${id}:a`, inspectionId: id, themeId: 'leg', text: 'Legen er rig og varieret', createdAt: stamp } });
      items.push({ type: 'anbefaling', data: { id: `${id}:b`, inspectionId: id, themeId: 'overgange', text: 'Styrk overgangen til skole', createdAt: stamp } });
    }
  }
  return items;
}

async function benchOne(target: Target, print: (line: string) => void): Promise<SyncBenchResult> {
  const app: FastifyInstance = await buildApp({ ...target.options, adminPassword: ADMIN_PASSWORD, print: () => {}, rendererDir: '/nonexistent', loginLimit: { maxFailures: 1000, maxPerIp: 100000 } });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const admin = await login(base, 'admin', ADMIN_PASSWORD);

    const institutionIds = Array.from({ length: INSTITUTIONS }, (_, i) => `B-${String(i + 1).padStart(2, '0')}`);
    await seedInstitutions(
      app.tilsyn.db,
      institutionIds.map((id, i) => ({ id, name: `Børnehuset ${i + 1}`, type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 30 })),
    );
    const records = await seedRecords(app.tilsyn.db, history(institutionIds));

    // 1. First full pull from empty, as forvaltning (sees everything).
    const pullLatencies: number[] = [];
    const fresh = new MemoryStorage();
    const t0 = performance.now();
    const first = await syncOnce(fresh, httpFetch(base, admin, pullLatencies), uuidv7(), { pullLimit: 1000 });
    const fullPullMs = performance.now() - t0;
    if (!first.ok || first.pulled !== records) throw new Error(`full pull: ${JSON.stringify(first)}`);
    print(`  første fulde pull: ${records} poster (${INSTITUTIONS} institutioner × ${YEARS} år) på ${fullPullMs.toFixed(0)} ms i ${pullLatencies.length} forespørgsler (budget < 2000 ms)`);

    // Users and devices.
    for (let u = 0; u < USERS; u++) {
      await post(base, admin, '/api/admin/users', {
        username: `bench-${u}`,
        displayName: `Konsulent ${u}`,
        role: 'konsulent',
        password: PASSWORD,
        institutionIds: [institutionIds[(2 * u) % INSTITUTIONS]!, institutionIds[(2 * u + 1) % INSTITUTIONS]!],
      });
    }
    const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => login(base, `bench-${u}`, PASSWORD)));

    // 2. Push throughput: one device pushes a new inspection's scores and notes in batches of 100.
    const pusher = new MemoryStorage();
    const pusherId = uuidv7();
    const pushCount = 2000;
    const inst = institutionIds[0]!;
    for (let i = 0; i < pushCount / 8; i++) {
      const id = uuidv7();
      await pusher.write('inspection', id, { institutionId: inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-02-02', consultants: ['Karen'], participants: [], status: 'i_gang' });
      for (const themeId of THEME_IDS) await pusher.write('themeScore', themeScoreId(id, themeId), { inspectionId: id, themeId, step: 3, note: `Note ${i}` });
    }
    const t1 = performance.now();
    const pushed = await syncOnce(pusher, httpFetch(base, tokens[0]!), pusherId, { batchSize: 100, pullLimit: 2000 });
    const pushMs = performance.now() - t1;
    if (!pushed.ok || pushed.applied !== pushCount) throw new Error(`push: ${JSON.stringify(pushed)}`);
    const perSecond = pushCount / (pushMs / 1000);
    print(`  push: ${pushCount} mutationer på ${pushMs.toFixed(0)} ms (inkl. efterfølgende pull) = ${perSecond.toFixed(0)} mutationer/s`);

    // 3. 100 devices at once: 5 per user; each creates an inspection and edits it, in rounds.
    const devices = Array.from({ length: DEVICES }, (_, i) => ({
      clientId: uuidv7(),
      user: i % USERS,
      storage: new MemoryStorage(),
      inspectionId: uuidv7(),
      typed: [] as { mutationId: string; recordType: string; recordId: string; fields: Record<string, unknown> }[],
    }));
    const requestLatencies: number[] = [];
    const fetches = devices.map((dv) => httpFetch(base, tokens[dv.user]!, requestLatencies));
    // Everyone has its data first (not measured): this is a day's sync, not a first install.
    await Promise.all(devices.map((dv, i) => syncOnce(dv.storage, fetches[i]!, dv.clientId, { pullLimit: 2000 })));
    requestLatencies.length = 0;

    const syncLatencies: number[] = [];
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const dv of devices) {
        const inspectionInst = institutionIds[(2 * dv.user) % INSTITUTIONS]!;
        const write = async (recordType: string, recordId: string, fields: Record<string, unknown>) => {
          const row = await dv.storage.write(recordType, recordId, fields);
          dv.typed.push({ mutationId: row.mutationId, recordType, recordId, fields });
        };
        if (round === 0) {
          await write('inspection', dv.inspectionId, { institutionId: inspectionInst, frameworkId: 'v1', visitType: 'uanmeldt', kind: 'ordinaer', date: '2026-03-03', consultants: [`K${dv.user}`], participants: [], status: 'i_gang' });
          for (const themeId of THEME_IDS) await write('themeScore', themeScoreId(dv.inspectionId, themeId), { inspectionId: dv.inspectionId, themeId, step: 2 });
        } else {
          for (const themeId of THEME_IDS.slice(0, 4)) await write('themeScore', themeScoreId(dv.inspectionId, themeId), { note: `Runde ${round} ${dv.clientId}` });
          await write('anbefaling', uuidv7(), { inspectionId: dv.inspectionId, themeId: 'leg', text: `Anbefaling ${round}`, createdAt: new Date().toISOString() });
        }
      }
      const reports = await Promise.all(
        devices.map(async (dv, i) => {
          const t = performance.now();
          const r = await syncOnce(dv.storage, fetches[i]!, dv.clientId, { pullLimit: 2000 });
          syncLatencies.push(performance.now() - t);
          return r;
        }),
      );
      errors += reports.filter((r) => !r.ok || r.rejected > 0 || r.conflicts > 0).length;
    }
    // Anything left in an outbox after an error is retried once, as the app would.
    for (const [i, dv] of devices.entries()) if (dv.storage.outbox().length > 0) await syncOnce(dv.storage, fetches[i]!, dv.clientId);

    // Lost or doubled: every typed mutation has exactly one stored result, applied, and the value is on the server.
    const rows = await app.tilsyn.db.selectFrom('mutations').select(['client_id', 'mutation_id', 'result']).where('client_id', 'in', devices.map((d) => d.clientId)).execute();
    const byKey = new Map<string, number>();
    for (const r of rows) byKey.set(`${r.client_id}|${r.mutation_id}`, (byKey.get(`${r.client_id}|${r.mutation_id}`) ?? 0) + 1);
    const results = new Map(rows.map((r) => [`${r.client_id}|${r.mutation_id}`, JSON.parse(r.result) as PushResult]));
    let lost = 0;
    let doubled = 0;
    let total = 0;
    for (const dv of devices) {
      for (const t of dv.typed) {
        total++;
        const n = byKey.get(`${dv.clientId}|${t.mutationId}`) ?? 0;
        if (n === 0 || results.get(`${dv.clientId}|${t.mutationId}`)?.status !== 'applied') lost++;
        if (n > 1) doubled++;
      }
      const serverCopy = await app.tilsyn.db.selectFrom('records').select(['type', 'id', 'data', 'rev']).where('inspection_id', '=', dv.inspectionId).execute();
      // Each record's rev equals the number of mutations typed for it: none applied twice.
      for (const rec of serverCopy) {
        const typedForIt = dv.typed.filter((t) => t.recordType === rec.type && t.recordId === rec.id).length;
        if (rec.rev > typedForIt) doubled++;
        if (rec.rev < typedForIt) lost++;
      }
    }
    const result: SyncBenchResult['devices'] = {
      devices: DEVICES,
      syncs: syncLatencies.length,
      p50: percentile(syncLatencies, 50),
      p95: percentile(syncLatencies, 95),
      requestP50: percentile(requestLatencies, 50),
      requestP95: percentile(requestLatencies, 95),
      errors,
      mutations: total,
      lost,
      doubled,
    };
    print(
      `  ${DEVICES} enheder samtidig (${ROUNDS} runder, ${total} mutationer): synk p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms; ` +
        `forespørgsel p50 ${result.requestP50.toFixed(0)} ms, p95 ${result.requestP95.toFixed(0)} ms; fejl ${errors}; tabt ${lost}; dobbelt ${doubled}${lost + doubled === 0 ? '' : '  ← SKAL VÆRE 0'}`,
    );
    return {
      dialect: target.dialect,
      fullPull: { records, ms: fullPullMs, requests: pullLatencies.length },
      push: { mutations: pushCount, ms: pushMs, perSecond },
      devices: result,
    };
  } finally {
    await app.close();
  }
}

export async function runSyncBench(print: (line: string) => void = (l) => console.log(l)): Promise<SyncBenchResult[]> {
  const out: SyncBenchResult[] = [];
  const targets: (() => Promise<Target>)[] = [sqliteTarget];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push(() => postgresTarget(url));
  print('Sync-benchmark (rigtig server på 127.0.0.1)');
  for (const make of targets) {
    const target = await make();
    print(`${target.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}:`);
    try {
      out.push(await benchOne(target, print));
    } finally {
      await target.drop();
    }
  }
  if (!url) print('PostgreSQL: sprunget over (TEST_DATABASE_URL er ikke sat; kør eval "$(bash .ci/postgres.sh)")');
  const bad = out.filter((r) => r.devices.lost + r.devices.doubled > 0);
  if (bad.length > 0) throw new Error(`Tabte eller dobbelte mutationer: ${bad.map((b) => b.dialect).join(', ')}`);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSyncBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
