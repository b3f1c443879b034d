/**
 * Login flood against the real server as its own process (tsx server/main.ts on 127.0.0.1, behind
 * a "proxy" at 127.0.0.1 so clients are told apart by X-Forwarded-For): how fast does /api/health
 * answer, and can a real user log in, while (a) one client sends 1,000 logins with made-up usernames
 * and (b) 200 clients send one wrong login each (every one reaches argon2)?
 * Budget (issue 11): /api/health < 100 ms during the flood. On SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL is set (a fresh database, dropped afterwards).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { report, sample } from './support/report';

const ADMIN_PASSWORD = 'bench-admin-password';
const HEALTH_BUDGET_MS = 100;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Target {
  label: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(path.join(tmpdir(), 'tilsyn-bench-flood-'));
  return { label: 'SQLite', env: { TILSYN_DATA_DIR: dir, DATABASE_URL: '' }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `tilsyn_bench_flood_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { label: 'PostgreSQL', env: { DATABASE_URL: u.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function startServer(env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TILSYN_ADMIN_PASSWORD: ADMIN_PASSWORD, TILSYN_TRUSTED_PROXIES: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('Tilsyn kører på')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`serveren stoppede (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

const login = (base: string, username: string, password: string, client: string) =>
  fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client, 'x-forwarded-proto': 'https' }, body: JSON.stringify({ username, password }) }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });

async function healthTimes(base: string, while_: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (while_()) {
    const t = performance.now();
    const r = await fetch(`${base}/api/health`);
    await r.arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((res) => setTimeout(res, 20));
  }
  return times;
}

/**
 * The flood runs in a worker thread, so the health timings below measure the server and not the
 * bench's own event loop, busy with 50 requests in flight.
 */
const FLOOD_WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
let next = 0;
const counts = {};
async function one(i) {
  const username = w.kind === 'unknown' ? 'ukendt-' + i : 'admin';
  const client = w.kind === 'unknown' ? '198.51.100.7' : '203.0.113.' + (i % 250);
  const r = await fetch(w.base + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client, 'x-forwarded-proto': 'https' }, body: JSON.stringify({ username, password: 'forkert-kode-' + i }) });
  await r.arrayBuffer();
  counts[r.status] = (counts[r.status] || 0) + 1;
}
Promise.all(Array.from({ length: w.parallel }, async () => { while (next < w.count) await one(next++); })).then(() => parentPort.postMessage(counts));
`;

function flood(base: string, kind: 'unknown' | 'clients', count: number, parallel: number): Promise<Record<number, number>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(FLOOD_WORKER, { eval: true, workerData: { base, kind, count, parallel } });
    worker.once('message', (counts: Record<number, number>) => {
      resolve(counts);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function benchOne(target: Target, print: (line: string) => void): Promise<void> {
  const { base, child } = await startServer(target.env);
  try {
    const quiet: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      quiet.push(performance.now() - t);
    }
    report(`/api/health uden belastning [${target.label}]`, sample(quiet), { kind: 'ms', max: HEALTH_BUDGET_MS });

    const scenarios: [string, () => Promise<Record<number, number>>][] = [
      ['1.000 ukendte brugernavne fra én klient', () => flood(base, 'unknown', 1000, 50)],
      ['200 klienter med ét forkert login hver', () => flood(base, 'clients', 200, 50)],
    ];
    for (const [name, run] of scenarios) {
      let flooding = true;
      const health = healthTimes(base, () => flooding);
      const realUser = (async () => {
        await new Promise((r) => setTimeout(r, 100));
        const t = performance.now();
        const status = await login(base, 'admin', ADMIN_PASSWORD, '192.0.2.99');
        return { status, ms: performance.now() - t };
      })();
      const t0 = performance.now();
      const counts = await run();
      const floodMs = performance.now() - t0;
      flooding = false;
      const times = await health;
      const real = await realUser;
      report(`/api/health under login-flod: ${name} [${target.label}]`, sample(times), { kind: 'ms', max: HEALTH_BUDGET_MS }, `svar ${JSON.stringify(counts)} på ${(floodMs / 1000).toFixed(1)} s; rigtig bruger andetsteds: ${real.status} på ${real.ms.toFixed(0)} ms`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  print('');
}

export async function runLoginFloodBench(print: (line: string) => void = (l) => console.log(l)): Promise<void> {
  print('Login-flod mod serveren som egen proces (/api/health-budget < 100 ms)');
  const targets: (() => Promise<Target>)[] = [async () => sqliteTarget()];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push(() => postgresTarget(url));
  for (const make of targets) {
    const target = await make();
    try {
      await benchOne(target, print);
    } finally {
      await target.drop();
    }
  }
  if (!url) print('PostgreSQL: sprunget over (TEST_DATABASE_URL er ikke sat; kør eval "$(bash .ci/postgres.sh)")');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoginFloodBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
