/**
 * Login flood against the real server as its own process (tsx server/main.ts on 127.0.0.1, behind
 * a "proxy" at 127.0.0.1 so clients are told apart by X-Forwarded-For): how fast does /api/health
 * answer, and can a real user log in, while (a) one client sends 1,000 logins with made-up usernames
 * and (b) 200 clients send one wrong login each (every one reaches argon2)?
 * Budget (issue 11): /api/health < 100 ms during the flood. On SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL is set (a fresh database, dropped afterwards).
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BENCH_ADMIN_PASSWORD, onEachDatabase, startServerProcess, type BenchDatabase } from './support/serverProcess';
import { report, sample } from './support/report';

const HEALTH_BUDGET_MS = 100;






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

async function benchOne(target: BenchDatabase, print: (line: string) => void): Promise<void> {
  const { base, child } = await startServerProcess({ ...target.env, TILSYN_TRUSTED_PROXIES: '127.0.0.1' });
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
        const status = await login(base, 'admin', BENCH_ADMIN_PASSWORD, '192.0.2.99');
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
  await onEachDatabase('flood', print, (db) => benchOne(db, print));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoginFloodBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
