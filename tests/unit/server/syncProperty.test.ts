import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { THEME_IDS, type ThemeId } from '../../../shared/framework';
import { uuidv7 } from '../../../shared/ids';
import { ThemeScoreSchema, themeScoreId } from '../../../shared/inspection';
import { syncOnce, type SyncFetch } from '../../../shared/sync/clientCore';
import { jsonEqual } from '../../../shared/sync/jsonEqual';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import type { PushResult } from '../../../shared/sync/wire';
import { ADMIN_PASSWORD, PASSWORD, api, describeDialects, freshDatabase, login, newInspection, startApp, type DialectCase } from './helpers';

/*
 * Several devices edit one inspection, going offline and online at random, losing responses after
 * the server applied a push, sending requests twice, typing while a sync runs, resolving conflicts,
 * and the server restarts on the same database. After a final sync:
 * - every device holds exactly the server's records and the same open conflicts, with empty outboxes;
 * - every mutation was processed exactly once (one stored result; record rev = number of mutations
 *   that changed it; one revision per rev);
 * - nothing typed was lost: each typed value is in the revision its result names, or in a conflict,
 *   or in the device's rejections.
 */

type Target =
  | { kind: 'step'; theme: number; step: number }
  | { kind: 'note'; theme: number }
  | { kind: 'notAssessed'; theme: number }
  | { kind: 'participants' }
  | { kind: 'date'; day: number }
  | { kind: 'status' }
  | { kind: 'newAnbefaling'; theme: number }
  | { kind: 'anbefalingText'; pick: number }
  | { kind: 'anbefalingDelete'; pick: number };

type Fault = 'none' | 'offline' | 'lostResponse' | 'duplicate' | 'typeDuringSync';

type Step =
  | { op: 'edit'; dev: number; target: Target }
  | { op: 'sync'; dev: number; fault: Fault; during: Target; pullLimit?: number; batchSize?: number }
  | { op: 'restart' }
  | { op: 'resolve'; dev: number; keepMine: boolean };

const themeArb = fc.nat(THEME_IDS.length - 1).map((i) => i % 3); // three themes: more collisions
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  fc.record({ kind: fc.constant('step' as const), theme: themeArb, step: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('note' as const), theme: themeArb }),
  fc.record({ kind: fc.constant('notAssessed' as const), theme: themeArb }),
  fc.record({ kind: fc.constant('participants' as const) }),
  fc.record({ kind: fc.constant('date' as const), day: fc.integer({ min: 1, max: 28 }) }),
  fc.record({ kind: fc.constant('status' as const) }),
  fc.record({ kind: fc.constant('newAnbefaling' as const), theme: themeArb }),
  fc.record({ kind: fc.constant('anbefalingText' as const), pick: fc.nat(10) }),
  fc.record({ kind: fc.constant('anbefalingDelete' as const), pick: fc.nat(10) }),
);
const DEVICES = 4;
const devArb = fc.nat(DEVICES - 1);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('edit' as const), dev: devArb, target: targetArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('sync' as const),
      dev: devArb,
      fault: fc.constantFrom<Fault>('none', 'none', 'offline', 'lostResponse', 'duplicate', 'typeDuringSync'),
      during: targetArb,
      // Small pages and batches, so that paging and batching are exercised.
      pullLimit: fc.integer({ min: 1, max: 6 }),
      batchSize: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resolve' as const), dev: devArb, keepMine: fc.boolean() }) },
);

interface Device {
  name: string;
  clientId: string;
  token: string;
  storage: MemoryStorage;
}

interface Typed {
  dev: Device;
  mutationId: string;
  recordType: string;
  recordId: string;
  baseRev: number;
  fields: Record<string, unknown>;
}

async function runScenario(d: DialectCase, steps: Step[]): Promise<void> {
  const db = await freshDatabase(d);
  let app: FastifyInstance = await startApp(db);
  let counter = 0;
  const typed: Typed[] = [];
  try {
    // Two consultants on two laptops each... three devices of konsulenter and one of forvaltning.
    const admin = await login(app, 'admin', ADMIN_PASSWORD);
    const a = api(app, admin);
    await a.post('/api/admin/institutions', { id: 'INST-A', name: 'Solsikken', type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 30 });
    for (const u of ['karen', 'jonas']) {
      const r = await a.post('/api/admin/users', { username: u, displayName: u, role: 'konsulent', password: PASSWORD, institutionIds: ['INST-A'] });
      if (r.statusCode !== 201) throw new Error(r.body);
    }
    const tokens = { karen: await login(app, 'karen'), jonas: await login(app, 'jonas') };
    const devices: Device[] = [
      { name: 'karen-laptop', token: tokens.karen },
      { name: 'karen-tablet', token: await login(app, 'karen') },
      { name: 'jonas-laptop', token: tokens.jonas },
      { name: 'forvaltning', token: admin },
    ].map((x) => ({ ...x, clientId: `${x.name}-${uuidv7()}`, storage: new MemoryStorage() }));

    const transport = (dev: Device, fault: Fault, during?: () => Promise<void>): SyncFetch => {
      let first = true;
      return async (path, init) => {
        const send = async () => {
          const res = await app.inject({ method: init.method, url: path, headers: { ...init.headers, authorization: `Bearer ${dev.token}` }, ...(init.body ? { payload: init.body } : {}) });
          return { status: res.statusCode, json: async () => JSON.parse(res.body) as unknown };
        };
        const isFirst = first;
        first = false;
        if (fault === 'offline') throw new Error('offline');
        if (fault === 'lostResponse' && isFirst) {
          await send(); // the server did the work; the answer never arrives
          throw new Error('connection reset');
        }
        if (fault === 'duplicate') {
          const [, second] = await Promise.all([send(), send()]);
          return second;
        }
        if (fault === 'typeDuringSync' && path.startsWith('/api/sync/pull') && during) await during();
        return send();
      };
    };

    const inspection = newInspection('INST-A', { status: 'i_gang' });
    const inspectionId = inspection.id;
    const { id: _i, rev: _r, updatedAt: _u, ...inspectionFields } = inspection;

    const write = async (dev: Device, recordType: string, recordId: string, fields: Record<string, unknown>, resolvesConflicts?: string[]) => {
      const row = await dev.storage.write(recordType, recordId, fields, resolvesConflicts ? { resolvesConflicts } : {});
      typed.push({ dev, mutationId: row.mutationId, recordType, recordId, baseRev: row.baseRev, fields: row.fields });
    };

    const edit = async (dev: Device, t: Target) => {
      const n = ++counter;
      const local = (type: string, id: string) => dev.storage.record(type, id);
      if (t.kind === 'step' || t.kind === 'note' || t.kind === 'notAssessed') {
        const themeId: ThemeId = THEME_IDS[t.theme]!;
        const id = themeScoreId(inspectionId, themeId);
        const change =
          t.kind === 'step' ? { step: t.step, notAssessed: false, notAssessedReason: '' } : t.kind === 'note' ? { note: `${dev.name} note ${n}` } : { notAssessed: true, notAssessedReason: `${dev.name} så det ikke ${n}`, step: null };
        await write(dev, 'themeScore', id, local('themeScore', id) ? change : { inspectionId, themeId, ...change });
      } else if (t.kind === 'participants') {
        await write(dev, 'inspection', inspectionId, { participants: [`${dev.name} deltager ${n}`] });
      } else if (t.kind === 'date') {
        await write(dev, 'inspection', inspectionId, { date: `2025-05-${String(t.day).padStart(2, '0')}` });
      } else if (t.kind === 'status') {
        const current = local('inspection', inspectionId)?.status;
        await write(dev, 'inspection', inspectionId, { status: current === 'udkast' ? 'i_gang' : 'udkast' });
      } else if (t.kind === 'newAnbefaling') {
        await write(dev, 'anbefaling', uuidv7(), { inspectionId, themeId: THEME_IDS[t.theme]!, text: `${dev.name} anbefaler ${n}`, createdAt: new Date().toISOString() });
      } else {
        const mine = dev.storage.records('anbefaling').filter((r) => !r.record.deleted);
        if (mine.length === 0) return;
        const target = mine[t.pick % mine.length]!.record;
        await write(dev, 'anbefaling', target.id, t.kind === 'anbefalingText' ? { text: `${target.text as string} + ${dev.name} ${n}` } : { deleted: true });
      }
    };

    // The forvaltning device creates the inspection; everyone gets it.
    await write(devices[3]!, 'inspection', inspectionId, inspectionFields);
    for (const dev of devices) expect((await syncOnce(dev.storage, transport(dev, 'none'), dev.clientId)).ok).toBe(true);

    for (const step of steps) {
      if (step.op === 'edit') await edit(devices[step.dev]!, step.target);
      else if (step.op === 'restart') {
        await app.close();
        app = await startApp(db);
      } else if (step.op === 'resolve') {
        const dev = devices[step.dev]!;
        const c = dev.storage.conflicts()[0];
        if (!c) continue;
        const fields = step.keepMine ? { [c.field]: c.clientValue } : {};
        await write(dev, c.recordType, c.recordId, fields, [c.id]);
      } else {
        const dev = devices[step.dev]!;
        await syncOnce(dev.storage, transport(dev, step.fault, () => edit(dev, step.during)), dev.clientId, { batchSize: step.batchSize ?? 3, pullLimit: step.pullLimit ?? 7 });
      }
    }

    // Final: everyone online, twice round, so everyone has pulled everyone's last push.
    for (let round = 0; round < 2; round++) {
      for (const dev of devices) {
        const r = await syncOnce(dev.storage, transport(dev, 'none'), dev.clientId);
        expect(r.error).toBeUndefined();
      }
    }

    // ---- checks ----
    const dbh = app.tilsyn.db;
    const serverRecords = await dbh.selectFrom('records').selectAll().execute();
    const expected = serverRecords
      .map((r) => ({ recordType: r.type, record: JSON.parse(r.data) as Record<string, unknown> }))
      .sort((x, y) => (x.recordType + (x.record.id as string) < y.recordType + (y.record.id as string) ? -1 : 1));
    const openConflicts = (await dbh.selectFrom('conflicts').select('id').where('resolved_at', 'is', null).orderBy('id').execute()).map((c) => c.id);
    for (const dev of devices) {
      expect(dev.storage.outbox(), dev.name).toEqual([]);
      expect(dev.storage.records(), dev.name).toEqual(expected);
      expect(dev.storage.conflicts().map((c) => c.id), dev.name).toEqual(openConflicts);
    }

    const mutationRows = await dbh.selectFrom('mutations').selectAll().execute();
    const results = new Map(mutationRows.map((m) => [`${m.client_id}|${m.mutation_id}`, JSON.parse(m.result) as PushResult]));
    const revisions = await dbh.selectFrom('record_revisions').selectAll().execute();
    const revision = (type: string, id: string, rev: number) => revisions.find((r) => r.type === type && r.id === id && r.rev === rev);
    const conflicts = await dbh.selectFrom('conflicts').selectAll().execute();

    // Exactly once: one stored result per typed mutation, and a rev per change.
    expect(mutationRows).toHaveLength(typed.length);
    for (const r of serverRecords) {
      const changing = mutationRows.filter((m) => m.record_type === r.type && m.record_id === r.id && (JSON.parse(m.result) as PushResult).applied.length > 0);
      expect(r.rev, `${r.type} ${r.id}`).toBe(changing.length);
      expect(revisions.filter((x) => x.type === r.type && x.id === r.id)).toHaveLength(r.rev);
    }

    // Nothing typed lost.
    for (const [i, t] of typed.entries()) {
      const result = results.get(`${t.dev.clientId}|${t.mutationId}`);
      expect(result, `result for ${t.mutationId}`).toBeDefined();
      if (result!.status === 'rejected') {
        expect(t.dev.storage.rejections().some((r) => r.mutationId === t.mutationId && jsonEqual(r.fields, t.fields))).toBe(true);
        continue;
      }
      for (const [field, value] of Object.entries(t.fields)) {
        const conflict = result!.conflicts.find((c) => c.field === field);
        if (conflict) {
          const row = conflicts.find((c) => c.id === conflict.id)!;
          const overtypedLater = typed.slice(i + 1).some((u) => u.dev === t.dev && u.recordType === t.recordType && u.recordId === t.recordId && field in u.fields);
          expect(jsonEqual(JSON.parse(row.client_value), value) || overtypedLater, `conflict ${field}`).toBe(true);
          continue;
        }
        // Applied or already equal: the revision the result names holds the typed value...
        const rev = revision(t.recordType, t.recordId, result!.rev!);
        expect(rev, `revision ${result!.rev} of ${t.recordId}`).toBeDefined();
        const stored = JSON.parse(rev!.data)[field];
        // ...except an untyped default of a record two devices created, which gives way to the typed value.
        const untypedDefault = t.baseRev === 0 && t.recordType === 'themeScore' && jsonEqual((ThemeScoreSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[field]?.safeParse(undefined).data, value);
        expect(jsonEqual(stored, value) || untypedDefault, `${t.recordType}.${field} ${JSON.stringify(value)} vs ${JSON.stringify(stored)}`).toBe(true);
      }
    }
  } finally {
    await app.close();
    await db.drop();
  }
}

describeDialects('sync property: devices converge and nothing is lost', (d) => {
  it('random offline periods, lost responses, duplicates, typing during sync and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 45 }), (steps) => runScenario(d, steps)),
      { numRuns: d.name === 'sqlite' ? 30 : 10 },
    );
  }, 120_000);

  it('a fixed scenario: two laptops offline on one inspection, then a restart, then everyone online', async () => {
    await runScenario(d, [
      { op: 'sync', dev: 0, fault: 'offline', during: { kind: 'status' } },
      { op: 'edit', dev: 0, target: { kind: 'step', theme: 0, step: 3 } },
      { op: 'edit', dev: 2, target: { kind: 'step', theme: 0, step: 2 } },
      { op: 'edit', dev: 2, target: { kind: 'note', theme: 1 } },
      { op: 'edit', dev: 0, target: { kind: 'participants' } },
      { op: 'sync', dev: 0, fault: 'lostResponse', during: { kind: 'status' } },
      { op: 'sync', dev: 2, fault: 'duplicate', during: { kind: 'status' } },
      { op: 'restart' },
      { op: 'sync', dev: 0, fault: 'none', during: { kind: 'status' } },
      { op: 'resolve', dev: 0, keepMine: true },
      { op: 'sync', dev: 0, fault: 'typeDuringSync', during: { kind: 'newAnbefaling', theme: 2 } },
    ]);
  }, 60_000);
});
