/**
 * Several servers, one database (docs/deployment.md §4): three real server processes started at
 * the same moment on one fresh PostgreSQL database, behind Debian's nginx running
 * deploy/nginx/tilsyn.conf. Devices push and pull through it concurrently, round after round; every
 * device must pull every change of its institution exactly once (the cursors stay gap-free across
 * processes, also after one of them is stopped), a request sent twice at once is applied once, and
 * a login lockout made on one process holds on the others (and, lifted in the database, is lifted
 * on all). Skipped, with the reason in the title, without PostgreSQL or nginx.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect';
import { migrations } from '../../../server/db/migrations';
import { uuidv7 } from '../../../shared/ids';
import type { Change, Mutation } from '../../../shared/sync/wire';
import { BENCH_ADMIN_PASSWORD } from '../../bench/support/serverProcess';
import { startCluster, type Cluster } from '../../support/cluster';
import { LOAD_BALANCER_MISSING } from '../../support/loadBalancer';
import { inspectionCreation, recordKey, scoreCreation, sumTallies, tally } from '../../support/syncLoad';
import { WireClient } from '../../support/wireClient';
import { DIALECTS, PASSWORD, freshDatabase, institution, type FreshDatabase } from './helpers';

const PG = DIALECTS.find((d) => d.name === 'postgres')!;
const SKIP = PG.skip ?? LOAD_BALANCER_MISSING;
const PROCESSES = 3;
const INSTITUTIONS = ['MS-1', 'MS-2'];
const DEVICES_PER_INSTITUTION = 6;
const ROUNDS = 4;

interface Device {
  institutionId: string;
  clientId: string;
  inspectionId: string;
  client: WireClient;
  cursor: number;
  epoch?: number;
  pulled: Change[];
  created: string[];
  scores: number;
}

describe.skipIf(SKIP !== null)(`several server processes on one PostgreSQL behind nginx${SKIP ? ` — SPRUNGET OVER: ${SKIP}` : ''}`, () => {
  let db: FreshDatabase;
  let cluster: Cluster;
  let direct: DatabaseHandle;
  let admin: WireClient;
  const devices: Device[] = [];

  beforeAll(async () => {
    db = await freshDatabase(PG);
    // All three at the same moment on an empty database: they race for the migrations too.
    cluster = await startCluster({ databaseUrl: db.options.databaseUrl!, processes: PROCESSES, env: { TILSYN_LOG_LEVEL: 'info' } });
    direct = openDatabase({ databaseUrl: db.options.databaseUrl! });
    admin = new WireClient(cluster.lb.https, cluster.lb.ca);
    expect((await admin.login('admin', BENCH_ADMIN_PASSWORD)).status).toBe(200);
    for (const [i, id] of INSTITUTIONS.entries()) {
      expect((await admin.request('POST', '/api/admin/institutions', institution(id))).status).toBe(201);
      const user = { username: `ms-konsulent-${i}`, displayName: `Konsulent ${i}`, role: 'konsulent', password: PASSWORD, institutionIds: [id] };
      expect((await admin.request('POST', '/api/admin/users', user)).status).toBe(201);
      for (let k = 0; k < DEVICES_PER_INSTITUTION; k++) {
        const client = new WireClient(cluster.lb.https, cluster.lb.ca);
        expect((await client.login(user.username, PASSWORD)).status).toBe(200);
        devices.push({ institutionId: id, clientId: uuidv7(), inspectionId: uuidv7(), client, cursor: 0, pulled: [], created: [], scores: 0 });
      }
    }
  }, 120_000);

  afterAll(async () => {
    for (const d of devices) d.client.close();
    admin?.close();
    await direct?.db.destroy();
    await direct?.healthDb.destroy();
    await cluster?.stop();
    await db?.drop();
  });

  it('three processes starting at once migrate once and make one admin', async () => {
    const n = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(direct.db)).rows[0]!.n);
    expect(await n('select count(*) as n from kysely_migration')).toBe(Object.keys(migrations).length);
    expect(await n('select count(distinct name) as n from kysely_migration')).toBe(Object.keys(migrations).length);
    expect(await n(`select count(*) as n from users where username = 'admin'`)).toBe(1);
    expect(await n('select count(*) as n from frameworks')).toBeGreaterThan(0);
  });

  it('concurrent devices through the load balancer pull every change exactly once, also after a process stops; a push sent twice at once is applied once', async () => {
    const pull = async (d: Device) => {
      const page = await d.client.pullAll(d.cursor, d.epoch, 7);
      expect(page.reset).toBe(false);
      d.pulled.push(...page.changes);
      d.cursor = page.cursor;
      d.epoch = page.epoch;
    };
    // A day's sync, not a first install: everyone is at the head first (the institutions come as reference data).
    await Promise.all(devices.map(pull));
    for (const d of devices) d.pulled.length = 0;

    for (let round = 0; round < ROUNDS; round++) {
      if (round === ROUNDS - 1) {
        // One process stopped between rounds (a restart, a crash): nginx sends everything to the others.
        const last = cluster.processes[PROCESSES - 1]!;
        const exited = new Promise((r) => last.child.once('exit', r));
        last.child.kill('SIGTERM');
        await exited;
      }
      await Promise.all(
        devices.map(async (d) => {
          const mutations: Mutation[] = [];
          if (round === 0) mutations.push(inspectionCreation(d.inspectionId, d.institutionId));
          for (let s = 0; s < (round === 0 ? 1 : 2); s++) mutations.push(scoreCreation(d.inspectionId, d.scores++));
          if (round === 2) {
            // The same request twice at the same moment (a retry racing the original): nginx sends them to different processes.
            const [a, b] = await Promise.all([d.client.push(d.clientId, mutations), d.client.push(d.clientId, mutations)]);
            expect(a.results.map((r) => [r.status, r.rev])).toEqual(b.results.map((r) => [r.status, r.rev]));
            for (const [k, r] of a.results.entries()) expect(r.duplicate === true || b.results[k]!.duplicate === true, JSON.stringify([r, b.results[k]])).toBe(true);
            d.created.push(...mutations.map((m) => recordKey(m.recordType, m.recordId)));
            await pull(d);
          } else {
            // A sync in one request: the push brings the first pull page (GET /pull only while there is more).
            const synced = await d.client.sync(d.clientId, mutations, d.cursor, d.epoch, 7);
            expect(synced.push.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
            expect(synced.reset).toBe(false);
            d.created.push(...mutations.map((m) => recordKey(m.recordType, m.recordId)));
            d.pulled.push(...synced.changes);
            d.cursor = synced.cursor;
            d.epoch = synced.epoch;
          }
        }),
      );
    }
    // Whatever was committed after a device's last pull comes in one more.
    await Promise.all(devices.map(pull));

    const expectedFor = (institutionId: string) => new Set(devices.filter((d) => d.institutionId === institutionId).flatMap((d) => d.created));
    const total = sumTallies(devices.map((d) => tally(expectedFor(d.institutionId), d.pulled)));
    expect(total).toEqual({ expected: devices.length * DEVICES_PER_INSTITUTION * (1 + 1 + 2 * (ROUNDS - 1)), lost: 0, doubled: 0, foreign: 0 });
    for (const d of devices) {
      const seqs = d.pulled.map((c) => c.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    }
    // None applied twice on the server: every record is still at rev 1, and every seq is used once.
    const rows = await direct.db.selectFrom('records').select(['rev', 'seq']).execute();
    expect(rows.length).toBe(devices.length * (1 + 1 + 2 * (ROUNDS - 1)));
    expect(rows.every((r) => r.rev === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
    // The load balancer really spread the work: every process answered pushes and pulls.
    for (const p of cluster.processes) {
      expect(p.output(), `prosessen på ${p.port}`).toContain('"url":"/api/sync/push"');
      expect(p.output(), `prosessen på ${p.port}`).toContain('"url":"/api/sync/pull');
    }
  }, 120_000);

  it('a login lockout made on one process holds on every other and through the load balancer', async () => {
    expect((await admin.request('POST', '/api/admin/users', { username: 'ms-laast', displayName: 'Låst', role: 'konsulent', password: PASSWORD, institutionIds: [] })).status).toBe(201);
    const login = async (base: string, password: string) => {
      const c = new WireClient(base, cluster.lb.ca);
      try {
        return (await c.login('ms-laast', password)).status;
      } finally {
        c.close();
      }
    };
    const running = cluster.processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    expect(running.length).toBe(PROCESSES - 1); // the one stopped above
    // Five wrong passwords, spread over the processes directly (the same client address as nginx: 127.0.0.1).
    const failures: number[] = [];
    for (let i = 0; i < 5; i++) failures.push(await loginDirect(running[i % running.length]!.base, 'forkert-kode-' + i));
    expect(failures).toEqual([401, 401, 401, 401, 401]);
    // The right password is now refused everywhere: on the process that saw no failure for a while, and through nginx.
    for (const p of running) expect(await loginDirect(p.base, PASSWORD), p.base).toBe(429);
    expect(await login(cluster.lb.https, PASSWORD)).toBe(429);
    // Lifted in the database (what --reset-admin-password does for the admin): every process follows
    // within the 5 s it trusts a remembered refusal, not at the end of the 15-minute window.
    await direct.db.deleteFrom('login_attempts').where('key', 'like', 'u:ms-laast|%').execute();
    await new Promise((r) => setTimeout(r, 5_200));
    for (const p of running) expect(await loginDirect(p.base, PASSWORD), p.base).toBe(200);
  }, 30_000);
});

/** A login straight to one process over plain HTTP from this machine (allowed on loopback). */
async function loginDirect(base: string, password: string): Promise<number> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ms-laast', password }) });
  await res.arrayBuffer();
  return res.status;
}
