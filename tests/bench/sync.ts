/**
 * Sync benchmarks against the server as its own process (`server/main.ts` on 127.0.0.1), holding
 * 400,000 records (4,000 institutions × 10 years, seeded by bulk SQL and cached between runs,
 * support/syncSeed.ts), on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL:
 *   1. first full pull of 40 institutions × 10 years (4,000 records) by a konsulent, client in memory
 *      (the server half of the in-app figure);
 *   2. push throughput: 2,000 mutations in pushes of 100, against a bare insert loop of the same rows
 *      (records, revisions, stored results; one INSERT per row, a transaction per 100) on the same
 *      database from this process; budget ≤ 5×;
 *   3. 100 devices at once: 100 clients started within 100 ms, each pushing 5 changes to its own
 *      inspection and pulling what the others (the same konsulent's other devices) wrote, in one
 *      request (the push brings the first pull page, clientCore syncOnce); 3 timed rounds after
 *      WARM_ROUNDS untimed ones of the same work, as a server that has run a while (in its first
 *      rounds ~1 of ~3 ms CPU per sync is V8 compiling, docs/server.md "Where a sync's server CPU
 *      goes"; the first, cold round's p95 is printed beside the figure);
 *      p50/p95 of one device's sync, budget p95 < 300 ms; lost or doubled mutations must be 0.
 *      TILSYN_BENCH_SYNC_WARM_ROUNDS=0 times a server fresh from its start.
 *
 *   npx tsx tests/bench/sync.ts      (or npm run bench -- --only sync)
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import path from 'node:path';
import { THEME_IDS } from '../../shared/framework';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { COMPRESSION_THRESHOLD } from '../../server/compression';
import { syncOnce, type SyncFetch } from '../../shared/sync/clientCore';
import { MemoryStorage } from '../../shared/sync/memoryStorage';
import type { PushResult } from '../../shared/sync/wire';
import { DEVICE_ACCEPT_ENCODING } from '../support/wireClient';
import { report, sample } from './support/report';
import { BENCH_ADMIN_PASSWORD, onEachDatabase, startServerProcess, type BenchDatabase } from './support/serverProcess';
import { SEED_INSTITUTIONS, SEED_YEARS, institutionId, seededDatabase } from './support/syncSeed';

const PASSWORD = 'bench-password-1';
const DEVICES = 100;
const USERS = 20;
const ROUNDS = 3;
/** Untimed rounds before them (the multi-server bench warms its servers likewise). */
const WARM_ROUNDS = Number(process.env.TILSYN_BENCH_SYNC_WARM_ROUNDS ?? 10);
const START_WINDOW_MS = 100;
const PUSH_COUNT = 2000;
const PUSH_BATCH = 100;
const PULL_INSTITUTIONS = 40;
/** This helper's port range (team rule): SQLite and PostgreSQL servers one after the other. */
const PORT = Number(process.env.TILSYN_BENCH_SYNC_PORT) || 7100;

/** Each request's latency by kind, and each answer's size (unpacked) and whether it came compressed. */
interface Traffic {
  push: number[];
  pull: number[];
  answers: { bytes: number; compressed: boolean }[];
}
const traffic = (): Traffic => ({ push: [], pull: [], answers: [] });

/**
 * A SyncFetch over real HTTP, recording each request's latency by kind. It asks for compressed
 * answers as the app does (Node's fetch unpacks them, as Chromium does), so the server's CPU below
 * includes compressing what it compresses.
 */
function httpFetch(base: string, token: string, latencies?: Traffic): SyncFetch {
  return async (url, init) => {
    const t0 = performance.now();
    const res = await fetch(base + url, { method: init.method, headers: { ...init.headers, 'accept-encoding': DEVICE_ACCEPT_ENCODING, authorization: `Bearer ${token}` }, body: init.body });
    const text = await res.text();
    latencies?.[url.includes('/push') ? 'push' : 'pull'].push(performance.now() - t0);
    latencies?.answers.push({ bytes: Buffer.byteLength(text), compressed: res.headers.has('content-encoding') });
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

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * PostgreSQL: the CPU seconds of this database's backends (the server's pool connections), per pid,
 * from /proc: on PostgreSQL a sync's cost is split between the server process and these.
 */
async function backendCpu(db: Direct): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const r of await db.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')) {
    try {
      out.set(Number(r.pid), cpuSeconds(Number(r.pid)));
    } catch {
      // gone since (an idle connection closed)
    }
  }
  return out;
}

/** SQL straight to the bench database from this process (checks and the bare-insert baseline). */
interface Direct {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** One transaction; `run` executes a statement inside it. */
  transaction(fn: (run: (sql: string, params: unknown[]) => Promise<void>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

async function direct(target: BenchDatabase): Promise<Direct> {
  if (target.options.dataDir) {
    const db = new SQLite(path.join(target.options.dataDir, 'tilsyn.sqlite'));
    // As the server writes: WAL, and an acknowledged write survives a power cut.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const q = (s: string) => s.replace(/\$\d+/g, '?');
    return {
      query: async (s, p = []) => db.prepare(q(s)).all(...p) as Record<string, unknown>[],
      transaction: async (fn) => {
        db.exec('begin immediate');
        try {
          await fn(async (s, p) => void db.prepare(q(s)).run(...p));
          db.exec('commit');
        } catch (error) {
          db.exec('rollback');
          throw error;
        }
      },
      close: async () => void db.close(),
    };
  }
  const c = new pg.Client({ connectionString: target.options.databaseUrl });
  await c.connect();
  return {
    query: async (s, p = []) => (await c.query(s, p)).rows as Record<string, unknown>[],
    transaction: async (fn) => {
      await c.query('begin');
      try {
        await fn(async (s, p) => void (await c.query(s, p)));
        await c.query('commit');
      } catch (error) {
        await c.query('rollback');
        throw error;
      }
    },
    close: () => c.end(),
  };
}

async function benchOne(target: BenchDatabase, port: number, print: (line: string) => void): Promise<void> {
  print(`${target.label} (serveren som egen proces, ${SEED_INSTITUTIONS * SEED_YEARS * 10} poster; maskinen deles med andre agenter):`);
  await seededDatabase(target, print);
  let server: { base: string; child: ChildProcess } | undefined;
  try {
    server = await startServerProcess({ ...target.env, TILSYN_LOG_LEVEL: 'warn' }, port);
    const { base, child } = server;
    const admin = await login(base, 'admin', BENCH_ADMIN_PASSWORD);
    const inst = (i: number) => institutionId(i);

    // Users: 20 konsulenter with two institutions each, and one with 40 for the full pull.
    for (let u = 0; u < USERS; u++) {
      await post(base, admin, '/api/admin/users', { username: `bench-${u}`, displayName: `Konsulent ${u}`, role: 'konsulent', password: PASSWORD, institutionIds: [inst(2 * u), inst(2 * u + 1)] });
    }
    await post(base, admin, '/api/admin/users', { username: 'bench-pull', displayName: 'Konsulent P', role: 'konsulent', password: PASSWORD, institutionIds: Array.from({ length: PULL_INSTITUTIONS }, (_, i) => inst(100 + i)) });
    const tokens = await Promise.all(Array.from({ length: USERS }, (_, u) => login(base, `bench-${u}`, PASSWORD)));
    const pullToken = await login(base, 'bench-pull', PASSWORD);

    // 1. First full pull, 40 × 10.
    const pullTimes: number[] = [];
    let pulledRecords = 0;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const first = await syncOnce(new MemoryStorage(), httpFetch(base, pullToken), uuidv7(), { pullLimit: 1000 });
      pullTimes.push(performance.now() - t0);
      if (!first.ok || first.pulled !== PULL_INSTITUTIONS * SEED_YEARS * 10) throw new Error(`full pull: ${JSON.stringify(first)}`);
      pulledRecords = first.pulled;
    }
    report(`sync ${target.label}: første fulde pull ${PULL_INSTITUTIONS} × ${SEED_YEARS} (${pulledRecords} poster), klient i hukommelsen`, sample(pullTimes), { kind: 'ms', max: 2000 }, 'serverens halvdel af tallet i appen');

    // 2. Push throughput: one device, 2,000 new records in pushes of 100.
    const pusher = new MemoryStorage();
    const pusherInspections: string[] = [];
    for (let i = 0; i < PUSH_COUNT / 8; i++) {
      const id = uuidv7();
      pusherInspections.push(id);
      await pusher.write('inspection', id, { institutionId: inst(0), frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-02-02', consultants: ['Karen'], participants: [], status: 'i_gang' });
      for (const themeId of THEME_IDS) await pusher.write('themeScore', themeScoreId(id, themeId), { inspectionId: id, themeId, step: 3, note: `Note ${i}` });
    }
    const pushLatencies = traffic();
    const t1 = performance.now();
    const pushed = await syncOnce(pusher, httpFetch(base, tokens[0]!, pushLatencies), uuidv7(), { batchSize: PUSH_BATCH, pullLimit: 2000 });
    const pushWall = performance.now() - t1;
    if (!pushed.ok || pushed.applied !== PUSH_COUNT) throw new Error(`push: ${JSON.stringify(pushed)}`);

    const db = await direct(target);
    try {
      // The baseline: the same rows the pushes stored, inserted again (new ids) one INSERT at a time.
      const rows = await db.query(`select r.type, r.id, r.institution_id, r.inspection_id, r.data, r.field_revs, r.rev, r.updated_at, r.seq from records r where r.inspection_id in (${pusherInspections.map((_, i) => `$${i + 1}`).join(', ')}) order by r.seq`, pusherInspections);
      const results = await db.query(`select m.result from mutations m where m.record_id in (${pusherInspections.map((_, i) => `$${i + 1}`).join(', ')})`, pusherInspections);
      const resultText = String(results[0]?.result ?? '{}');
      const bare: number[] = [];
      for (let i = 0; i < rows.length; i += PUSH_BATCH) {
        const t = performance.now();
        await db.transaction(async (run) => {
          for (const r of rows.slice(i, i + PUSH_BATCH)) {
            const id = `${String(r.id)}~bare`;
            await run(`insert into records (type, id, institution_id, inspection_id, data, field_revs, rev, deleted, leder_visible, updated_at, seq) values ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9)`, [r.type, id, r.institution_id, r.inspection_id, r.data, r.field_revs, r.rev, r.updated_at, Number(r.seq) + 10_000_000]);
            await run(`insert into record_revisions (type, id, rev, data, client_id, user_id, mutation_id, created_at) values ($1, $2, 1, $3, 'bare', 'bare', $4, $5)`, [r.type, id, r.data, uuidv7(), r.updated_at]);
            await run(`insert into mutations (client_id, mutation_id, user_id, record_type, record_id, status, result, created_at) values ('bare', $1, 'bare', $2, $3, 'applied', $4, $5)`, [uuidv7(), r.type, id, resultText, r.updated_at]);
          }
        });
        bare.push(performance.now() - t);
      }
      const perSecond = PUSH_COUNT / (pushWall / 1000);
      const barePerSecond = PUSH_COUNT / (bare.reduce((a, b) => a + b, 0) / 1000);
      report(`sync ${target.label}: push af ${PUSH_BATCH} mutationer (ét kald)`, sample(pushLatencies.push), { kind: 'ratio', max: 5, baseline: sample(bare), on: 'p50' }, `${perSecond.toFixed(0)} mutationer/s inkl. pull; bar indsættelse ${barePerSecond.toFixed(0)} rækker/s`);

      // 3. 100 devices at once.
      const devices = Array.from({ length: DEVICES }, (_, i) => ({
        clientId: uuidv7(),
        user: i % USERS,
        storage: new MemoryStorage(),
        inspectionId: uuidv7(),
        typed: [] as { mutationId: string; recordType: string; recordId: string }[],
      }));
      const latencies = traffic();
      const fetches = devices.map((dv) => httpFetch(base, tokens[dv.user]!, latencies));
      // Everyone has its data first (not measured): this is a day's sync, not a first install.
      await Promise.all(devices.map((dv, i) => syncOnce(dv.storage, fetches[i]!, dv.clientId, { pullLimit: 2000 })));
      latencies.push.length = 0;
      latencies.pull.length = 0;
      latencies.answers.length = 0;

      // One device alone, for scale: the same 5 changes and pull with nobody else syncing.
      const alone = devices[0]!;
      const aloneTimes: number[] = [];
      const aloneInspection = uuidv7();
      await alone.storage.write('inspection', aloneInspection, { institutionId: inst(2 * alone.user), frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-03-04', consultants: ['K'], participants: [], status: 'i_gang' });
      for (const themeId of THEME_IDS.slice(0, 4)) await alone.storage.write('themeScore', themeScoreId(aloneInspection, themeId), { inspectionId: aloneInspection, themeId, step: 1 });
      await syncOnce(alone.storage, fetches[0]!, alone.clientId, { pullLimit: 2000 });
      for (let i = 0; i < 20; i++) {
        for (const themeId of THEME_IDS.slice(0, 4)) await alone.storage.write('themeScore', themeScoreId(aloneInspection, themeId), { note: `Alene ${i}` });
        await alone.storage.write('inspection', aloneInspection, { participants: [`Alene ${i}`] });
        const t = performance.now();
        await syncOnce(alone.storage, fetches[0]!, alone.clientId, { pullLimit: 2000 });
        aloneTimes.push(performance.now() - t);
      }
      report(`sync ${target.label}: én enhed alene (push 5 + pull)`, sample(aloneTimes), { kind: 'none' }, 'til sammenligning');
      latencies.push.length = 0;
      latencies.pull.length = 0;
      latencies.answers.length = 0;

      const syncTimes: number[] = [];
      /** The first round's syncs, on a server fresh from start (warm-up or timed). */
      const coldTimes: number[] = [];
      let errors = 0;
      let othersSeen = 0;
      const postgres = !target.options.dataDir;
      let cpu0 = process.cpuUsage();
      let serverCpu0 = cpuSeconds(child.pid!);
      let backends0 = postgres ? await backendCpu(db) : new Map<number, number>();
      let wall = 0;
      let window0 = process.hrtime.bigint();
      for (let round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
        const timed = round >= WARM_ROUNDS;
        if (round === WARM_ROUNDS && round > 0) {
          cpu0 = process.cpuUsage();
          serverCpu0 = cpuSeconds(child.pid!);
          backends0 = postgres ? await backendCpu(db) : new Map<number, number>();
          window0 = process.hrtime.bigint();
          latencies.push.length = 0;
          latencies.pull.length = 0;
          latencies.answers.length = 0;
        }
        for (const dv of devices) {
          const write = async (recordType: string, recordId: string, fields: Record<string, unknown>) => {
            const row = await dv.storage.write(recordType, recordId, fields);
            dv.typed.push({ mutationId: row.mutationId, recordType, recordId });
          };
          if (round === 0) {
            await write('inspection', dv.inspectionId, { institutionId: inst(2 * dv.user), frameworkId: 'v1', visitType: 'uanmeldt', kind: 'ordinaer', date: '2026-03-03', consultants: [`K${dv.user}`], participants: [], status: 'i_gang' });
            for (const themeId of THEME_IDS.slice(0, 4)) await write('themeScore', themeScoreId(dv.inspectionId, themeId), { inspectionId: dv.inspectionId, themeId, step: 2 });
          } else {
            for (const themeId of THEME_IDS.slice(0, 4)) await write('themeScore', themeScoreId(dv.inspectionId, themeId), { note: `Runde ${round} ${dv.clientId}` });
            await write('anbefaling', uuidv7(), { inspectionId: dv.inspectionId, themeId: 'leg', text: `Anbefaling ${round}`, createdAt: new Date().toISOString() });
          }
        }
        const w0 = performance.now();
        const reports = await Promise.all(
          devices.map(async (dv, i) => {
            await new Promise((r) => setTimeout(r, (i * START_WINDOW_MS) / DEVICES));
            const t = performance.now();
            const r = await syncOnce(dv.storage, fetches[i]!, dv.clientId, { pullLimit: 2000 });
            const ms = performance.now() - t;
            if (timed) syncTimes.push(ms);
            if (round === 0) coldTimes.push(ms);
            return r;
          }),
        );
        if (timed) wall += performance.now() - w0;
        errors += reports.filter((r) => !r.ok || r.rejected > 0 || r.conflicts > 0).length;
        if (timed) othersSeen += reports.reduce((n, r) => n + r.pulled, 0);
        await new Promise((r) => setTimeout(r, 300));
      }
      const benchCpu = process.cpuUsage(cpu0);
      // The rounds on the monotonic clock the server's CPU profile also uses (µs), to cut them out of it.
      if (process.env.TILSYN_BENCH_CPU_PROF) print(`    profilvindue ${target.label}: ${window0 / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
      const serverCpu = cpuSeconds(child.pid!) - serverCpu0;
      // A backend that opened during the rounds counts from 0.
      const backendsCpu = postgres ? [...(await backendCpu(db))].reduce((n, [pid, s]) => n + s - (backends0.get(pid) ?? 0), 0) : 0;
      // Anything left in an outbox after an error is retried once, as the app would.
      for (const [i, dv] of devices.entries()) if (dv.storage.outbox().length > 0) await syncOnce(dv.storage, fetches[i]!, dv.clientId);

      // Lost or doubled: every typed mutation has exactly one stored result, applied, and each record's rev counts its mutations.
      const clientIds = devices.map((d) => d.clientId);
      const stored = await db.query(`select client_id, mutation_id, result from mutations where client_id in (${clientIds.map((_, i) => `$${i + 1}`).join(', ')})`, clientIds);
      const byKey = new Map<string, number>();
      const resultOf = new Map<string, PushResult>();
      for (const r of stored) {
        const k = `${String(r.client_id)}|${String(r.mutation_id)}`;
        byKey.set(k, (byKey.get(k) ?? 0) + 1);
        resultOf.set(k, JSON.parse(String(r.result)) as PushResult);
      }
      let lost = 0;
      let doubled = 0;
      let total = 0;
      for (const dv of devices) {
        for (const t of dv.typed) {
          total++;
          const k = `${dv.clientId}|${t.mutationId}`;
          if ((byKey.get(k) ?? 0) === 0 || resultOf.get(k)?.status !== 'applied') lost++;
          if ((byKey.get(k) ?? 0) > 1) doubled++;
        }
        for (const rec of await db.query('select type, id, rev from records where inspection_id = $1', [dv.inspectionId])) {
          const typedForIt = dv.typed.filter((t) => t.recordType === rec.type && t.recordId === rec.id).length;
          if (Number(rec.rev) > typedForIt) doubled++;
          if (Number(rec.rev) < typedForIt) lost++;
        }
      }
      const cpuShare = (s: number) => `${((100 * s) / (wall / 1000)).toFixed(0)} %`;
      report(
        `sync ${target.label}: ${DEVICES} enheder samtidig, én enheds synk (push 5 + pull)`,
        sample(syncTimes),
        { kind: 'ms', max: 300 },
        `${ROUNDS} runder efter ${WARM_ROUNDS} til opvarmning (første, kolde runde p95 ${sample(coldTimes).p95.toFixed(0)} ms), ${total} mutationer, ${othersSeen} hentede ændringer; fejl ${errors}, tabt ${lost}, dobbelt ${doubled}${lost + doubled === 0 ? '' : ' ← SKAL VÆRE 0'}; ` +
          `CPU i runderne: server ${cpuShare(serverCpu)} (${((1000 * serverCpu) / (DEVICES * ROUNDS)).toFixed(1)} ms CPU pr. synk)` +
          (postgres ? `, PostgreSQL-backends ${cpuShare(backendsCpu)} (${((1000 * backendsCpu) / (DEVICES * ROUNDS)).toFixed(1)} ms CPU pr. synk)` : '') +
          `, lastgenerator ${cpuShare((benchCpu.user + benchCpu.system) / 1e6)} (af 200 %; ${((benchCpu.user + benchCpu.system) / 1000 / (DEVICES * ROUNDS)).toFixed(1)} ms CPU pr. enheds synk)`,
      );
      const push = sample(latencies.push);
      const pull = sample(latencies.pull);
      // The last push of a sync brings the first pull page (docs/sync-protocol.md §3a): a GET /pull only when there was more.
      const figure = (x: { p50: number; p95: number; n: number }) => (x.n === 0 ? 'ingen' : `p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms (${x.n})`);
      print(`    forespørgsler under de ${DEVICES} enheder: push med første pull-side ${figure(push)}; pull for resten ${figure(pull)}`);
      const sizes = sample(latencies.answers.map((a) => a.bytes / 1024));
      print(
        `    svarene under de ${DEVICES} enheder (udpakket): p50 ${sizes.p50.toFixed(1)} KB, p95 ${sizes.p95.toFixed(1)} KB, største ${Math.max(...latencies.answers.map((a) => a.bytes / 1024)).toFixed(1)} KB; ` +
          `komprimeret ${latencies.answers.filter((a) => a.compressed).length} af ${latencies.answers.length} (fra ${COMPRESSION_THRESHOLD / 1024} KB, server/compression.ts)`,
      );
      if (lost + doubled > 0) throw new Error(`${target.label}: ${lost} tabte og ${doubled} dobbelte mutationer`);
    } finally {
      await db.close();
    }
  } finally {
    if (server) {
      const exited = new Promise((r) => server!.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
    }
  }
}

export async function runSyncBench(print: (line: string) => void = (l) => console.log(l)): Promise<void> {
  print('Sync-benchmark');
  let port = PORT;
  await onEachDatabase('sync', print, (db) => benchOne(db, port++, print));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSyncBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
