/*
 * The server as its own process for the server benchmarks (biExport, loginFlood): a fresh database
 * on each dialect that can run here, and `server/main.ts` started on a free loopback port.
 */
import { SERVER_NODE_FLAGS } from '../../../server/nodeFlags';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppOptions } from '../../../server/app';
import { freePort } from '../../support/loadBalancer';

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

export interface BenchDatabase {
  label: string;
  /** For seeding in the bench's own process. */
  options: Pick<AppOptions, 'databaseUrl' | 'dataDir'>;
  /** For the server process. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

function sqliteDatabase(prefix: string): BenchDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), `tilsyn-bench-${prefix}-`));
  return { label: 'SQLite', options: { dataDir: dir }, env: { TILSYN_DATA_DIR: dir, DATABASE_URL: '' }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function postgresDatabase(url: string, prefix: string): Promise<BenchDatabase> {
  const name = `tilsyn_bench_${prefix}_${randomBytes(4).toString('hex')}`;
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
  // FORCE may not end an autovacuum worker that is busy with the freshly seeded database (PostgreSQL 15
  // refuses it to a role without pg_signal_backend: 42501); a plain DROP cancels such a worker itself.
  const drop = async () => {
    try {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error;
      await admin(`DROP DATABASE IF EXISTS ${name}`);
    }
  };
  return { label: 'PostgreSQL', options: { databaseUrl: u.toString() }, env: { DATABASE_URL: u.toString() }, drop };
}

/** Runs `bench` on a fresh SQLite database, and on PostgreSQL when TEST_DATABASE_URL is set; each is dropped after. */
export async function onEachDatabase(prefix: string, print: (line: string) => void, bench: (db: BenchDatabase) => Promise<void>): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  const makers: (() => Promise<BenchDatabase>)[] = [async () => sqliteDatabase(prefix)];
  if (url) makers.push(() => postgresDatabase(url, prefix));
  for (const make of makers) {
    const db = await make();
    try {
      await bench(db);
    } finally {
      await db.drop();
    }
  }
  if (!url) print('PostgreSQL: sprunget over (TEST_DATABASE_URL er ikke sat; kør eval "$(bash .ci/postgres.sh)")');
}

/** `server/main.ts` on `port` (default a free one); node itself runs it with tsx as a loader, so `child.pid` is the server (its memory and CPU can be read). */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<{ base: string; port: number; child: ChildProcess }> {
  port ??= await freePort();
  // TILSYN_BENCH_CPU_PROF=<folder>: each server process writes a V8 CPU profile there when it stops.
  const profile = process.env.TILSYN_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TILSYN_BENCH_CPU_PROF}`] : [];
  // TILSYN_BENCH_SERVER_NODE_FLAGS="--max-semi-space-size=32 --perf-basic-prof": node flags of the server processes only.
  const flags = (process.env.TILSYN_BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, ...flags, '--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TILSYN_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('Tilsyn kører på')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`serveren stoppede (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, port, child };
}
