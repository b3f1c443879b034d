/**
 * 1,000 devices through three server processes behind nginx on one PostgreSQL (issue 10, "several
 * servers, one database"; the setup of docs/deployment.md §4 with deploy/nginx/tilsyn.conf).
 * 100 institutions with one konsulent each and ten devices per konsulent; the database also holds
 * 400,000 other records (TILSYN_BENCH_MULTI_RECORDS), seeded once into a template database and
 * copied per run. The devices are played by four forked load-generating processes, over the real
 * wire protocol with one TLS connection each; all start within 100 ms. Each device pushes 5 changes
 * to its own inspection in one request and pulls to the head: that sync is timed (budget p95 < 2 s).
 * A failed sync counts as endlessly slow in p50/p95; the device sends its changes again afterwards.
 * Then every device pulls once more, and every device must have pulled every change of its
 * institution exactly once: lost and doubled must be 0 (hard: the bench fails otherwise). The load
 * generator's share of the CPU is printed, since it runs on the same two cores.
 *
 *   TEST_DATABASE_URL=postgres://… npx tsx tests/bench/multiServer.ts
 *   TILSYN_BENCH_PORT_BASE=7200: nginx and the processes on fixed ports from there (default free ones)
 *   TILSYN_BENCH_MULTI_RECORDS=4000, TILSYN_BENCH_MULTI_PROCESSES=1: fewer background records, other process counts
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
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
import type { DeviceOutcome, FromWorker, ToWorker, WorkerDevice } from './support/multiServerWorker';
import { report, sample } from './support/report';

/** Three by the issue; TILSYN_BENCH_MULTI_PROCESSES=1 shows what the processes add. */
const PROCESSES = Number(process.env.TILSYN_BENCH_MULTI_PROCESSES) || 3;
const DEVICES = 1000;
const INSTITUTIONS = 100;
const CHANGES = 5;
const START_SPREAD_MS = 100;
const LOAD_WORKERS = 4;
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
  const name = `tilsyn_bench_multitpl_${h.digest('hex').slice(0, 12)}`;
  if ((await admin(url, 'select 1 from pg_database where datname = $1', [name])).length > 0) return name;
  for (const old of await admin(url, `select datname from pg_database where datname like 'tilsyn_bench_multitpl_%'`)) await admin(url, `DROP DATABASE IF EXISTS ${String(old.datname)} WITH (FORCE)`);
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

/** CPU time in seconds: the whole machine (busy, from /proc/stat) and single processes (with their children's threads). */
const TICKS = 100;
function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + steal) / TICKS;
}
function processSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return 0;
  }
}
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Where the database's sessions spend the timed phase: pg_stat_activity sampled every 50 ms, as
 * shares of the sampled busy sessions (running on CPU, waiting for a lock such as the sequence
 * row, for the client, for I/O). The profile behind an OVER.
 */
function sampleDatabase(url: string, database: string): { stop(): Promise<string> } {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ what: string; n: number }>(
        `select case when state = 'active' and wait_event is null then 'CPU (kører)' when state = 'idle in transaction' then 'transaktion venter på serverprocessen' else coalesce(wait_event_type || ':' || wait_event, state) end as what, count(*)::int as n
         from pg_stat_activity where datname = $1 and state <> 'idle' and pid <> pg_backend_pid() group by 1`,
        [database],
      );
      samples++;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
      return `${(total / Math.max(1, samples)).toFixed(1)} travle sessioner i snit; ${top.map(([k, n]) => `${k} ${((100 * n) / Math.max(1, total)).toFixed(0)} %`).join(', ')}`;
    },
  };
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
  print(`Flere serverprocesser: ${DEVICES} enheder gennem ${PROCESSES} processer bag nginx på én PostgreSQL`);
  const url = process.env.TEST_DATABASE_URL;
  const missing = !url ? 'TEST_DATABASE_URL er ikke sat; kør eval "$(bash .ci/postgres.sh)"' : LOAD_BALANCER_MISSING;
  if (missing) {
    print(`  sprunget over: ${missing}`);
    return;
  }
  const template = await templateDatabase(url!, print);
  const name = `tilsyn_bench_multi_${randomBytes(4).toString('hex')}`;
  await admin(url!, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const databaseUrl = withDatabase(url!, name);
  const base = Number(process.env.TILSYN_BENCH_PORT_BASE) || 0;
  const workers: ChildProcess[] = [];
  const cluster = await startCluster({
    databaseUrl,
    processes: PROCESSES,
    env: { TILSYN_LOG_LEVEL: 'warn' },
    ports: base ? { http: base, https: base + 1, backends: Array.from({ length: PROCESSES }, (_, i) => base + 10 + i) } : undefined,
    nginxWorkers: 1,
    workerConnections: 4096,
  });
  const setup = openDatabase({ databaseUrl });
  try {
    const devices = await seedDevices(setup.db);
    const institutionOf = new Map(devices.map((d) => [d.index, (d as WorkerDevice & { institutionId: string }).institutionId]));

    for (let w = 0; w < LOAD_WORKERS; w++) workers.push(fork(path.join(import.meta.dirname, 'support/multiServerWorker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const slices = workers.map((_, w) => devices.filter((d) => d.index % LOAD_WORKERS === w));
    // Workers get their devices first (connections are opened by the first request, inside the timed sync, as a waking device does).
    await new Promise((r) => setTimeout(r, 1500));
    const startAt = Date.now() + 1000;
    const synced = workers.map((w) => message(w, 'synced'));
    for (const [w, child] of workers.entries()) child.send({ type: 'run', base: cluster.lb.https, ca: cluster.lb.ca, devices: slices[w]!, total: DEVICES, startAt, spreadMs: START_SPREAD_MS, changes: CHANGES } satisfies ToWorker);

    await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
    const nginxPids = [cluster.lb.pid, ...childrenOf(cluster.lb.pid)];
    const cpuOf = () => ({
      machine: machineBusySeconds(),
      servers: cluster.processes.reduce((s, p) => s + processSeconds(p.child.pid!), 0),
      nginx: nginxPids.reduce((s, pid) => s + processSeconds(pid), 0),
    });
    const profile = sampleDatabase(databaseUrl, name);
    const before = cpuOf();
    const t0 = performance.now();
    const syncedAll = await Promise.all(synced);
    const wallS = (performance.now() - t0) / 1000;
    const after = cpuOf();
    const databaseProfile = await profile.stop();
    const generatorS = syncedAll.reduce((s, m) => s + m.cpuMicros, 0) / 1e6;

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
    const machineS = after.machine - before.machine;
    const cores = availableParallelism();
    const pct = (x: number) => `${((100 * x) / machineS).toFixed(0)} %`;
    // A failed sync (NaN, null after IPC) counts as endlessly slow: the p95 cannot hide failures.
    const syncTimes = outcomes.map((o) => (typeof o.outcome.syncMs === 'number' && Number.isFinite(o.outcome.syncMs) ? o.outcome.syncMs : Number.POSITIVE_INFINITY));
    const requests = sample(syncedAll.flatMap((m) => m.requestMs));
    report(
      `${DEVICES} enheder, ${PROCESSES} processer bag nginx, synk (push ${CHANGES} + pull) [PostgreSQL, ${BACKGROUND.toLocaleString('da-DK')} poster]`,
      sample(syncTimes),
      { kind: 'ms', max: BUDGET_P95_MS },
      `${wallS.toFixed(1)} s i alt; forespørgsel p50 ${requests.p50.toFixed(0)} ms, p95 ${requests.p95.toFixed(0)} ms; fejlede synk ${failedSyncs} (sendt igen bagefter; fejl til sidst ${errors.length}); tabt ${lost}, dobbelt ${doubled} af ${total.expected} (skal være 0)`,
    );
    report(`${DEVICES} enheder, ${PROCESSES} processer: tabte + dobbelte ændringer (hårdt krav: 0)`, { p50: lost + doubled, p95: lost + doubled, n: total.expected }, { kind: 'count', max: 0 });
    print(
      `  CPU i den tidsatte del (${cores} kerner, ${(machineS).toFixed(1)} CPU-s brugt på maskinen på ${wallS.toFixed(1)} s): lastgeneratoren ${generatorS.toFixed(1)} s = ${pct(generatorS)}, ` +
        `serverprocesserne ${(after.servers - before.servers).toFixed(1)} s = ${pct(after.servers - before.servers)}, nginx ${(after.nginx - before.nginx).toFixed(1)} s = ${pct(after.nginx - before.nginx)}, ` +
        `resten (PostgreSQL og andet på maskinen) ${pct(machineS - generatorS - (after.servers - before.servers) - (after.nginx - before.nginx))}`,
    );
    if (lost + doubled > 0) throw new Error(`Tabte (${lost}) eller dobbelte (${doubled}) ændringer gennem ${PROCESSES} processer`);
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
