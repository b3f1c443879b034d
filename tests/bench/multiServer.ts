/**
 * 1,000 devices through three server processes behind nginx on one PostgreSQL (issue 10, "several
 * servers, one database"; the setup of docs/deployment.md §4 with deploy/nginx/tilsyn.conf).
 * 100 institutions with one konsulent each and ten devices per konsulent; the database also holds
 * 400,000 other records (TILSYN_BENCH_MULTI_RECORDS), seeded once into a template database and
 * copied per run. The devices are played by four forked load-generating processes, over the real
 * wire protocol with one TLS connection each (support/leanWireClient.ts); all start within 100 ms.
 * The untimed warm-up syncs run through the same processes, so the servers and the load generators
 * alike meet the burst with their code compiled. Each device pushes 5 changes
 * to its own inspection in one request and pulls to the head: that sync is timed (budget p95 < 2 s).
 * A failed sync counts as endlessly slow in p50/p95; the device sends its changes again afterwards.
 * Then every device pulls once more, and every device must have pulled every change of its
 * institution exactly once, every pull's changes above its cursor and in seq order, none of another
 * institution: lost, doubled, out of order and foreign must be 0 (hard: the bench fails otherwise).
 * The CPU of the timed phase is printed per process (the load generator runs on the same two cores)
 * with the floor it sets (support/cpuLedger.ts; docs/deployment.md §4, "Measured").
 *
 *   TEST_DATABASE_URL=postgres://… npx tsx tests/bench/multiServer.ts
 *   TILSYN_BENCH_PORT_BASE=7200: nginx and the processes on fixed ports from there (default free ones)
 *   TILSYN_BENCH_MULTI_RECORDS=4000, TILSYN_BENCH_MULTI_PROCESSES=1: fewer background records, other process counts
 *   TILSYN_BENCH_MULTI_WORKERS=2: load-generating processes (default 4); TILSYN_BENCH_MULTI_TLS=resume: resumed TLS sessions
 *   TILSYN_BENCH_MULTI_NGINX_WORKERS=2: nginx worker processes (default 1)
 *   TILSYN_BENCH_MULTI_PGSET=commit_delay=200,commit_siblings=5: PostgreSQL settings of the run's database only
 *   TILSYN_BENCH_MULTI_POOL=8: TILSYN_DB_POOL_SIZE of each process (default 4, as docs/deployment.md §4 says for 3 processes on 2 cores; "default": the server's own)
 *   TILSYN_BENCH_CPU_PROF=<folder>: V8 CPU profiles of the server processes and the load generators (the timed
 *     phase's window printed on their clock, µs)
 *   TILSYN_BENCH_PERF=<file>: `perf record` of the server processes, every thread, over the timed phase
 *     (TILSYN_BENCH_PERF_ALL=1: of the whole machine; TILSYN_BENCH_PERF_G=1: with call graphs; TILSYN_BENCH_PERF_HZ=1999: sampling rate)
 *   TILSYN_BENCH_SERVER_NODE_FLAGS="--max-semi-space-size=32": node flags of the server processes
 *   TILSYN_BENCH_LOAD_NODE_FLAGS="--max-semi-space-size=32": node flags of the load-generating processes
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { seedBuiltInFrameworks } from '../../server/admin/frameworks';
import { hashPassword } from '../../server/auth/passwords';
import { issueToken } from '../../server/auth/tokens';
import { openDatabase } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrations';
import type { Database } from '../../server/db/schema';
import { currentSeq } from '../../server/db/sequence';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../server/seed/records';
import { THEME_IDS } from '../../shared/framework';
import { FRAMEWORKS } from '../../shared/frameworks/v1';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { startCluster } from '../support/cluster';
import { LOAD_BALANCER_MISSING } from '../support/loadBalancer';
import { sumTallies, tally } from '../support/syncLoad';
import type { DeviceOutcome, FromWorker, ToWorker, WarmUpSync, WorkerDevice } from './support/multiServerWorker';
import { childrenOf, CpuLedger } from './support/cpuLedger';
import { report, sample } from './support/report';

/** Three by the issue; TILSYN_BENCH_MULTI_PROCESSES=1 shows what the processes add. */
const PROCESSES = Number(process.env.TILSYN_BENCH_MULTI_PROCESSES) || 3;
const DEVICES = 1000;
const INSTITUTIONS = 100;
const CHANGES = 5;
const START_SPREAD_MS = 100;
/**
 * Syncs per server process before the timed phase (TILSYN_BENCH_MULTI_WARMUP, 0 = cold processes),
 * by other users of other institutions: a morning's burst meets processes that have served
 * yesterday, with their code compiled by V8's optimising tiers, not processes started a second ago.
 * 1,800 each: after 600 V8's optimising compiler was still 13–14 % of the servers' CPU in the burst
 * and ~57 functions per process were compiled (again) during it (docs/server.md, "Why three servers
 * spend more per sync than one"); a day's server has served far more than either.
 */
const WARMUP_PER_PROCESS = Number(process.env.TILSYN_BENCH_MULTI_WARMUP ?? 1800);
const LOAD_WORKERS = Number(process.env.TILSYN_BENCH_MULTI_WORKERS) || 4;
const LOAD_NODE_FLAGS = (process.env.TILSYN_BENCH_LOAD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** TILSYN_BENCH_MULTI_NGINX_WORKERS=2: Debian's `worker_processes auto;` on 2 cores (default 1). */
const NGINX_WORKERS = Number(process.env.TILSYN_BENCH_MULTI_NGINX_WORKERS) || 1;
/**
 * Every timed sync opens its connection with a full TLS handshake (a device's first connection of
 * the day). TILSYN_BENCH_MULTI_TLS=resume: each device connected once before and resumes that TLS
 * session (nginx's session cache keeps it a day). Measured: the two differ by ~0.1 ms CPU per sync.
 */
const RESUME_TLS = process.env.TILSYN_BENCH_MULTI_TLS === 'resume';
/**
 * TILSYN_BENCH_MULTI_PGSET=commit_delay=200,commit_siblings=5: PostgreSQL settings for the run's
 * own database (ALTER DATABASE … SET; a superuser-only one such as commit_delay needs
 * `GRANT SET ON PARAMETER commit_delay TO <role>` once). Default none: the cluster's own.
 */
const PG_SETTINGS = (process.env.TILSYN_BENCH_MULTI_PGSET ?? '').split(',').filter(Boolean);
/**
 * PostgreSQL connections per process: 4, as docs/deployment.md §4 sets it for several processes on a
 * small machine (the server's default, 4 per core, is for one process per machine: 8 here, 24 in all).
 * Measured (docs/server.md, "PostgreSQL CPU per push, and the pool"): backends ~0.27 ms CPU per sync less than with 8.
 * TILSYN_BENCH_MULTI_POOL=default: the server's own default (a TILSYN_DB_POOL_SIZE of the shell is kept).
 */
const POOL = process.env.TILSYN_BENCH_MULTI_POOL ?? process.env.TILSYN_DB_POOL_SIZE ?? '4';
const BUDGET_P95_MS = 2000;
const BACKGROUND = Number(process.env.TILSYN_BENCH_MULTI_RECORDS ?? 400_000);
const ROOT = path.resolve(import.meta.dirname, '../..');

const admin = async (url: string, q: string, params: unknown[] = []) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(q, params)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
};
const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Institutions BG-0001 … with one final inspection a year and its seven scores: `count` records in all. */
function background(count: number): { institutions: { id: string; name: string; type: 'integreret'; ownership: 'kommunal'; children0to2: number; children3to5: number }[]; records: SeedRecord[] } {
  const perInspection = 1 + THEME_IDS.length;
  const inspections = Math.ceil(count / perInspection);
  const institutionCount = Math.ceil(inspections / 10);
  const institutions = Array.from({ length: institutionCount }, (_, i) => ({ id: `BG-${String(i + 1).padStart(5, '0')}`, name: `Baggrund ${i + 1}`, type: 'integreret' as const, ownership: 'kommunal' as const, children0to2: 10, children3to5: 20 }));
  const records: SeedRecord[] = [];
  for (let k = 0; k < inspections && records.length < count; k++) {
    const inst = institutions[Math.floor(k / 10)]!.id;
    const year = 2016 + (k % 10);
    const id = `bg-${inst}-${year}`;
    records.push({ type: 'inspection', data: { id, institutionId: inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: `${year}-05-1${k % 10}`, consultants: ['Baggrund'], participants: [], status: 'endelig' } });
    for (const [t, themeId] of THEME_IDS.entries()) if (records.length < count) records.push({ type: 'themeScore', data: { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: 1 + ((k + t) % 4), note: `Observation ${k}` } });
  }
  return { institutions, records };
}

/**
 * A migrated database holding the background records, made once and kept as a template (keyed by
 * the migrations, the seed code and the count); each run gets a copy (CREATE DATABASE … TEMPLATE),
 * which takes seconds instead of the minutes of seeding.
 */
async function templateDatabase(url: string, print: (l: string) => void): Promise<string> {
  // Keyed by what shapes its content (not this whole file, so editing the bench keeps the cache).
  const h = createHash('sha1').update(String(BACKGROUND)).update(background.toString());
  for (const f of ['server/db/migrations.ts', 'server/seed/records.ts', 'shared/frameworks/v1.ts']) h.update(readFileSync(path.join(ROOT, f)));
  // A smaller seed (TILSYN_BENCH_MULTI_RECORDS) has its count in the name: it neither finds nor drops the full one.
  const kind = BACKGROUND === 400_000 ? '' : `${BACKGROUND}_`;
  const name = `tilsyn_bench_multitpl_${kind}${h.digest('hex').slice(0, 12)}`;
  if ((await admin(url, 'select 1 from pg_database where datname = $1', [name])).length > 0) return name;
  // Older templates of the same seed size are dropped except the newest two: on a shared cluster
  // another clone (other migrations) may be copying its own right now.
  const olds = await admin(url, `select datname from pg_database where datname ~ $1 order by oid desc offset 2`, [`^tilsyn_bench_multitpl_${kind}[0-9a-f]{12}$`]);
  for (const old of olds) await admin(url, `DROP DATABASE IF EXISTS ${String(old.datname)} WITH (FORCE)`);
  const building = `tilsyn_bench_multibuild_${randomBytes(4).toString('hex')}`;
  await admin(url, `CREATE DATABASE ${building}`);
  const t0 = performance.now();
  const handle = openDatabase({ databaseUrl: withDatabase(url, building) });
  try {
    await migrateToLatest(handle.db);
    await seedBuiltInFrameworks(handle.db, FRAMEWORKS);
    const bg = background(BACKGROUND);
    await seedInstitutions(handle.db, bg.institutions);
    for (let i = 0; i < bg.records.length; i += 20_000) await seedRecords(handle.db, bg.records.slice(i, i + 20_000), 'bench-background');
  } finally {
    await handle.db.destroy();
    await handle.healthDb.destroy();
  }
  await admin(url, `ALTER DATABASE ${building} RENAME TO ${name}`);
  print(`  (skabelondatabasen med ${BACKGROUND.toLocaleString('da-DK')} baggrundsposter blev lavet på ${((performance.now() - t0) / 1000).toFixed(0)} s og gemt som ${name})`);
  return name;
}

/**
 * The warm-up syncs (push 5 + pull each, played by the load generators, 20 at a time) by ten users
 * of ten institutions of their own (WU-…), whose changes the timed devices may not see; not timed.
 */
async function warmUpSyncs(db: Kysely<Database>, syncs: number): Promise<WarmUpSync[]> {
  if (syncs <= 0) return [];
  const institutions = Array.from({ length: 10 }, (_, i) => ({ id: `WU-${String(i + 1).padStart(2, '0')}`, name: `Opvarmning ${i + 1}`, type: 'integreret' as const, ownership: 'kommunal' as const, children0to2: 12, children3to5: 30 }));
  await seedInstitutions(db, institutions);
  const now = new Date().toISOString();
  const users = institutions.map((inst, i) => ({ id: uuidv7(), username: `wu-${i}`, inst: inst.id }));
  await db.insertInto('users').values(users.map((u) => ({ id: u.id, username: u.username, display_name: u.username, role: 'konsulent' as const, password_hash: 'x', disabled: 0, scope_epoch: 0, created_at: now, updated_at: now }))).execute();
  await db.insertInto('user_institutions').values(users.map((u) => ({ user_id: u.id, institution_id: u.inst }))).execute();
  const tokens = await Promise.all(users.map((u) => issueToken(db, u.id, { deviceName: `Opvarmning ${u.username}` })));
  const work = Array.from({ length: syncs }, (_, k) => ({ user: k % users.length, inspectionId: uuidv7(), clientId: uuidv7() }));
  await seedRecords(
    db,
    work.map((w) => ({ type: 'inspection', data: { id: w.inspectionId, institutionId: users[w.user]!.inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-03-02', consultants: [users[w.user]!.username], participants: [], status: 'i_gang' } })),
    'bench-warmup',
  );
  const cursor = await currentSeq(db);
  return work.map((w) => ({ token: tokens[w.user]!, clientId: w.clientId, inspectionId: w.inspectionId, cursor }));
}

/** The bench's users, devices and inspections, written straight into the database (not timed, no argon2 per device). */
async function seedDevices(db: Kysely<Database>): Promise<WorkerDevice[]> {
  const institutions = Array.from({ length: INSTITUTIONS }, (_, i) => ({ id: `MS-${String(i + 1).padStart(3, '0')}`, name: `Børnehuset ${i + 1}`, type: 'integreret' as const, ownership: 'kommunal' as const, children0to2: 12, children3to5: 30 }));
  await seedInstitutions(db, institutions);
  const passwordHash = await hashPassword('bench-konsulent-kode');
  const now = new Date().toISOString();
  const users = institutions.map((inst, i) => ({ id: uuidv7(), username: `ms-${i}`, inst: inst.id }));
  await db.insertInto('users').values(users.map((u) => ({ id: u.id, username: u.username, display_name: u.username, role: 'konsulent' as const, password_hash: passwordHash, disabled: 0, scope_epoch: 0, created_at: now, updated_at: now }))).execute();
  await db.insertInto('user_institutions').values(users.map((u) => ({ user_id: u.id, institution_id: u.inst }))).execute();
  const devices = Array.from({ length: DEVICES }, (_, index) => ({ index, user: users[index % INSTITUTIONS]!, inspectionId: uuidv7(), clientId: uuidv7() }));
  await seedRecords(
    db,
    devices.map((d) => ({ type: 'inspection', data: { id: d.inspectionId, institutionId: d.user.inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-03-03', consultants: [d.user.username], participants: [], status: 'i_gang' } })),
    'bench-setup',
  );
  const tokens: string[] = [];
  for (let i = 0; i < devices.length; i += 100) tokens.push(...(await Promise.all(devices.slice(i, i + 100).map((d) => issueToken(db, d.user.id, { deviceName: `Enhed ${d.index}` })))));
  // A day's sync, not a first install: every device is at the head before the run.
  const head = await currentSeq(db);
  return devices.map((d, i) => ({ index: d.index, token: tokens[i]!, clientId: d.clientId, inspectionId: d.inspectionId, cursor: head, institutionId: d.user.inst }));
}

/**
 * Where the database's sessions spend the timed phase: pg_stat_activity sampled every 100 ms, as
 * shares of the sampled busy sessions (running on CPU, waiting for a lock, for the client, for
 * I/O). Every backend seen is handed to the CPU ledger, which reads its CPU time from /proc.
 */
function sampleDatabase(url: string, database: string, ledger: CpuLedger): { ready: Promise<void>; stop(): Promise<string> } {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  let markReady = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ pid: number; what: string | null }>(
        `select pid, case when state = 'idle' then null when state = 'active' and wait_event is null then 'CPU (kører)' when state = 'idle in transaction' then 'transaktion venter på serverprocessen' else coalesce(wait_event_type || ':' || wait_event, state) end as what
         from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        [database],
      );
      ledger.seeBackends(rows.map((r) => r.pid));
      samples++;
      if (samples === 1) markReady();
      for (const r of rows) if (r.what) counts.set(r.what, (counts.get(r.what) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.end();
  })();
  return {
    ready,
    stop: async () => {
      running = false;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
      return `${(total / Math.max(1, samples)).toFixed(1)} travle sessioner i snit; ${top.map(([k, n]) => `${k} ${((100 * n) / Math.max(1, total)).toFixed(0)} %`).join(', ')}`;
    },
  };
}

/**
 * The timed phase's CPU, process by process, per device sync, and the floor it sets: the machine
 * cannot finish the run's own work in less than its CPU seconds / cores, and (serving the devices
 * roughly in arrival order) the 95th percentile device no earlier than 95 % of that.
 */
function cpuProfile(ledger: CpuLedger, cores: number, wallS: number, p95Ms: number): string[] {
  const { lines, ours, machine, other } = ledger.lines();
  const perSync = (s: number) => `${((1000 * s) / DEVICES).toFixed(2)} ms`;
  const floorS = ours / cores;
  const out = [`  CPU i den tidsatte del (${wallS.toFixed(1)} s, ${cores} kerner = ${(cores * wallS).toFixed(1)} CPU-s til rådighed; maskinen brugte ${machine.toFixed(1)} CPU-s):`];
  const row = (l: { name: string; seconds: number; system: number; mainThread?: number }, threads = false) =>
    `    ${l.name.padEnd(46)} ${l.seconds.toFixed(2).padStart(6)} CPU-s (kerne ${((100 * l.system) / Math.max(l.seconds, 1e-9)).toFixed(0).padStart(2)} %) ${((100 * l.seconds) / Math.max(ours, 1e-9)).toFixed(0).padStart(3)} %  ${perSync(l.seconds)} pr. enhedssynk` +
    (threads && l.mainThread !== undefined ? `; hovedtråd ${perSync(l.mainThread)}, andre tråde (V8's GC og oversætter) ${perSync(l.seconds - l.mainThread)}` : '');
  for (const l of lines) out.push(row(l, l.name.startsWith('serverproces') || l.name.startsWith('lastgeneratoren')));
  out.push(row({ name: 'benchens arbejde i alt', seconds: ours, system: lines.reduce((a, l) => a + l.system, 0) }));
  out.push(`    ${'andet på maskinen (andre hjælperes kørsler)'.padEnd(46)} ${other.toFixed(2).padStart(6)} CPU-s`);
  out.push(
    `  Gulv: ${ours.toFixed(1)} CPU-s / ${cores} kerner = ${floorS.toFixed(2)} s for alle ${DEVICES} synk; p95 kan på denne maskine ikke blive under ≈ ${(0.95 * floorS).toFixed(2)} s (målt ${(p95Ms / 1000).toFixed(2)} s). ` +
      `Budgettet p95 < ${BUDGET_P95_MS / 1000} s kræver højst ${((cores * BUDGET_P95_MS) / 0.95 / DEVICES).toFixed(1)} ms CPU pr. enhedssynk i alt (nu ${perSync(ours)}).`,
  );
  return out;
}

function message<T extends FromWorker['type']>(child: ChildProcess, type: T): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const on = (m: FromWorker) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m as Extract<FromWorker, { type: T }>);
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`lastgeneratoren stoppede (${code})`)));
  });
}

export async function runMultiServerBench(print: (line: string) => void = (l) => console.log(l)): Promise<void> {
  print(`Flere serverprocesser: ${DEVICES} enheder gennem ${PROCESSES} processer bag nginx på én PostgreSQL (${POOL === 'default' ? 'serverens egen puljestørrelse' : `TILSYN_DB_POOL_SIZE=${POOL} pr. proces`})`);
  const url = process.env.TEST_DATABASE_URL;
  const missing = !url ? 'TEST_DATABASE_URL er ikke sat; kør eval "$(bash .ci/postgres.sh)"' : LOAD_BALANCER_MISSING;
  if (missing) {
    print(`  sprunget over: ${missing}`);
    return;
  }
  const template = await templateDatabase(url!, print);
  const name = `tilsyn_bench_multi_${randomBytes(4).toString('hex')}`;
  await admin(url!, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  // Settings of this run's database only (the cluster is shared): e.g. commit_delay=200,commit_siblings=5.
  for (const pair of PG_SETTINGS) {
    const [key, value] = pair.split('=') as [string, string];
    if (!/^[a-z_]+$/.test(key) || !/^[\w.]+$/.test(value ?? '')) throw new Error(`TILSYN_BENCH_MULTI_PGSET: "${pair}"`);
    await admin(url!, `ALTER DATABASE ${name} SET ${key} = '${value}'`);
  }
  if (PG_SETTINGS.length) print(`  (PostgreSQL for denne kørsels database: ${PG_SETTINGS.join(', ')})`);
  const databaseUrl = withDatabase(url!, name);
  const base = Number(process.env.TILSYN_BENCH_PORT_BASE) || 0;
  const workers: ChildProcess[] = [];
  // A cluster that cannot start (a port taken) must not leave the database behind.
  const cluster = await startCluster({
    databaseUrl,
    processes: PROCESSES,
    env: { TILSYN_LOG_LEVEL: 'warn', ...(POOL === 'default' ? {} : { TILSYN_DB_POOL_SIZE: POOL }) },
    ports: base ? { http: base, https: base + 1, backends: Array.from({ length: PROCESSES }, (_, i) => base + 10 + i) } : undefined,
    nginxWorkers: NGINX_WORKERS,
    workerConnections: 4096,
  }).catch(async (error: unknown) => {
    await admin(url!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  });
  const setup = openDatabase({ databaseUrl });
  try {
    const seeded = await seedDevices(setup.db);
    const warmSyncs = await warmUpSyncs(setup.db, WARMUP_PER_PROCESS * PROCESSES);
    // TILSYN_BENCH_CPU_PROF=<folder>: the load generators write V8 CPU profiles there too (as the server processes do).
    const cpuProf = process.env.TILSYN_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TILSYN_BENCH_CPU_PROF}`] : [];
    for (let w = 0; w < LOAD_WORKERS; w++) workers.push(fork(path.join(import.meta.dirname, 'support/multiServerWorker.ts'), [], { execArgv: [...cpuProf, ...LOAD_NODE_FLAGS, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const warmT0 = performance.now();
    const warmedUp = workers.map((w) => message(w, 'warmedUp'));
    for (const [w, child] of workers.entries())
      child.send({ type: 'warmUp', base: cluster.lb.https, ca: cluster.lb.ca, syncs: warmSyncs.filter((_, k) => k % LOAD_WORKERS === w), changes: CHANGES, parallel: Math.ceil(20 / LOAD_WORKERS) } satisfies ToWorker);
    await Promise.all(warmedUp);
    if (WARMUP_PER_PROCESS > 0) print(`  (opvarmning: ${WARMUP_PER_PROCESS * PROCESSES} synk af andre brugere på ${((performance.now() - warmT0) / 1000).toFixed(1)} s gennem lastgeneratorerne, ikke tidsat)`);
    // Every device is at the head before the run (the warm-up's changes are behind its cursor).
    const head = await currentSeq(setup.db);
    const devices = seeded.map((d) => ({ ...d, cursor: head }));
    const institutionOf = new Map(devices.map((d) => [d.index, (d as WorkerDevice & { institutionId: string }).institutionId]));

    const slices = workers.map((_, w) => devices.filter((d) => d.index % LOAD_WORKERS === w));
    // Workers get their devices first; with resumed TLS each device also connects once and drops
    // the connection (its new connection is opened by the first request, inside the timed sync, as a
    // waking device does).
    const prepared = workers.map((w) => message(w, 'prepared'));
    for (const [w, child] of workers.entries()) child.send({ type: 'prepare', base: cluster.lb.https, ca: cluster.lb.ca, devices: slices[w]!, resumeTls: RESUME_TLS } satisfies ToWorker);
    await Promise.all(prepared);
    const startAt = Date.now() + 1000;
    const synced = workers.map((w) => message(w, 'synced'));
    for (const child of workers) child.send({ type: 'run', total: DEVICES, startAt, spreadMs: START_SPREAD_MS, changes: CHANGES } satisfies ToWorker);

    const ledger = new CpuLedger();
    ledger.group(`lastgeneratoren (${LOAD_WORKERS} processer)`, workers.map((w) => w.pid!));
    for (const [i, p] of cluster.processes.entries()) ledger.group(`serverproces ${i + 1}`, [p.child.pid!]);
    ledger.group(`nginx (${NGINX_WORKERS} ${NGINX_WORKERS === 1 ? 'arbejder' : 'arbejdere'})`, [cluster.lb.pid, ...childrenOf(cluster.lb.pid)]);
    ledger.group('benchens egen proces (måling)', [process.pid]);
    const profile = sampleDatabase(databaseUrl, name, ledger);
    // TILSYN_BENCH_PERF=<file>: `perf record` of the server processes (every thread) from just before the timed phase.
    const perf = process.env.TILSYN_BENCH_PERF ? spawn('perf', ['record', ...(process.env.TILSYN_BENCH_PERF_G ? ['-g'] : []), '-F', process.env.TILSYN_BENCH_PERF_HZ ?? '499', '-o', process.env.TILSYN_BENCH_PERF, ...(process.env.TILSYN_BENCH_PERF_ALL ? ['-a'] : ['-p', cluster.processes.map((p) => p.child.pid).join(',')])], { stdio: 'ignore' }) : undefined;
    if (perf) await new Promise((r) => setTimeout(r, 300));
    await profile.ready;
    await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
    ledger.start();
    const window0 = process.hrtime.bigint();
    const t0 = performance.now();
    const syncedAll = await Promise.all(synced);
    const wallS = (performance.now() - t0) / 1000;
    ledger.stop();
    if (perf) {
      perf.kill('SIGINT');
      await new Promise((r) => perf.once('exit', r));
    }
    // The timed phase on the clock of the V8 CPU profiles' samples (µs, monotonic), to cut them to it.
    if (process.env.TILSYN_BENCH_CPU_PROF) print(`  profilvindue: ${window0 / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
    const databaseProfile = await profile.stop();

    const resent = workers.map((w) => message(w, 'resent'));
    for (const child of workers) child.send({ type: 'resend' } satisfies ToWorker);
    await Promise.all(resent);
    const drained = workers.map((w) => message(w, 'drained'));
    for (const child of workers) child.send({ type: 'drain' } satisfies ToWorker);
    const outcomes: { index: number; outcome: DeviceOutcome }[] = (await Promise.all(drained)).flatMap((m, w) => m.devices.map((outcome, k) => ({ index: slices[w]![k]!.index, outcome })));

    const errors = outcomes.filter((o) => o.outcome.error);
    const failed = outcomes.filter((o) => o.outcome.syncError);
    const failedSyncs = failed.length;
    const createdBy = new Map<string, Set<string>>();
    // Expected: what the server acknowledged; checked on every device that finished (one still
    // failing after its retries has its changes in its outbox: not lost, but not delivered either).
    for (const o of outcomes) {
      const inst = institutionOf.get(o.index)!;
      const set = createdBy.get(inst) ?? new Set<string>();
      if (o.outcome.acknowledged) for (const k of o.outcome.created) set.add(k);
      createdBy.set(inst, set);
    }
    const total = sumTallies(outcomes.filter((o) => !o.outcome.error).map((o) => tally(createdBy.get(institutionOf.get(o.index)!)!, o.outcome.pulled.map((k) => ({ recordType: k.slice(0, k.indexOf(':')), recordId: k.slice(k.indexOf(':') + 1) })))));
    print(`  PostgreSQL i den tidsatte del: ${databaseProfile}`);
    if (failedSyncs) print(`  ${failedSyncs} tidsatte synk fejlede (den første: ${failed[0]!.outcome.syncError}); ${errors.length} også efter gentagelser${errors.length ? ` (${errors[0]!.outcome.error})` : ''}`);
    const lost = total.lost;
    const doubled = total.doubled;
    const outOfOrder = outcomes.reduce((a, o) => a + o.outcome.outOfOrder, 0);
    const cores = availableParallelism();
    // A failed sync (NaN, null after IPC) counts as endlessly slow: the p95 cannot hide failures.
    const syncTimes = outcomes.map((o) => (typeof o.outcome.syncMs === 'number' && Number.isFinite(o.outcome.syncMs) ? o.outcome.syncMs : Number.POSITIVE_INFINITY));
    const requests = sample(syncedAll.flatMap((m) => m.requestMs));
    const resumed = syncedAll.reduce((a, m) => a + m.resumed, 0);
    const starts = outcomes.map((o) => o.outcome.startedAt);
    const startSpreadMs = Math.max(...starts) - Math.min(...starts);
    const late = sample(outcomes.map((o) => o.outcome.lateMs));
    report(
      `${DEVICES} enheder, ${PROCESSES} processer bag nginx, synk (push ${CHANGES} + pull) [PostgreSQL, ${BACKGROUND.toLocaleString('da-DK')} poster]`,
      sample(syncTimes),
      { kind: 'ms', max: BUDGET_P95_MS },
      `${wallS.toFixed(1)} s i alt; startet inden for ${startSpreadMs.toFixed(0)} ms (mål ${START_SPREAD_MS} ms; forsinket mod planen p50 ${late.p50.toFixed(0)} ms, p95 ${late.p95.toFixed(0)} ms); TLS ${RESUME_TLS ? `genoptaget (${resumed} af ${DEVICES} forbindelser)` : 'fuldt håndtryk pr. enhed'}; forespørgsel p50 ${requests.p50.toFixed(0)} ms, p95 ${requests.p95.toFixed(0)} ms; fejlede synk ${failedSyncs} (sendt igen bagefter; fejl til sidst ${errors.length}); tabt ${lost}, dobbelt ${doubled} af ${total.expected}, uden for rækkefølge ${outOfOrder}, fra andre institutioner ${total.foreign} (skal alle være 0)`,
    );
    const wrong = lost + doubled + outOfOrder + total.foreign;
    report(`${DEVICES} enheder, ${PROCESSES} processer: tabte + dobbelte ændringer (hårdt krav: 0)`, { p50: wrong, p95: wrong, n: total.expected }, { kind: 'count', max: 0 });
    for (const line of cpuProfile(ledger, cores, wallS, sample(syncTimes).p95)) print(line);
    if (wrong > 0) throw new Error(`Tabte (${lost}), dobbelte (${doubled}), ikke-fortløbende (${outOfOrder}) eller fremmede (${total.foreign}) ændringer gennem ${PROCESSES} processer`);
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGTERM');
    await setup.db.destroy();
    await setup.healthDb.destroy();
    await cluster.stop();
    await admin(url!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMultiServerBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
