import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { THEME_IDS } from '../../../shared/framework';
import { uuidv7 } from '../../../shared/ids';
import { themeScoreId, type InspectionStatus } from '../../../shared/inspection';
import type { RecordType } from '../../../shared/records';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { buildReport } from '../../../shared/reportModel';
import { reportVersionId, type ReportSnapshot } from '../../../shared/reportVersion';
import { judge, reasonMessage, type Actor as JudgeActor } from '../../../shared/rules';
import { syncOnce } from '../../../shared/sync/clientCore';
import type { Mutation, PullResponse } from '../../../shared/sync/wire';
import type { Actor } from '../../../renderer/db/actor';
import { TilsynDatabase } from '../../../renderer/db/database';
import { tableOf, updateRecord } from '../../../renderer/db/recordStore';
import { ValidationError } from '../../../renderer/db/validation';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';
import { api, describeDialects, injectFetch, mutation, newInspection, pullAll, pushBody, useServer, type World } from './helpers';

/*
 * One judge, two callers. Random (actor, record, change) cases are written through the renderer's
 * record store (real Dexie on fake-indexeddb, holding what the actor pulled through the real sync
 * client) and through the server's push:
 * - on the same state both decide the same, with the same reason (a reason is one code's message);
 * - on a stale copy (the server moved on after the pull), whatever the renderer accepts the server
 *   applies, answers as a conflict, or refuses only for a reason the stale copy could not know: the
 *   judge on the server's current copy gives that reason, and on the stale copy it allowed the change.
 * Taking the judge out of either side makes these fail (the renderer would accept what the server
 * refuses, or the server would apply what the renderer refuses).
 */

const STATUSES: InspectionStatus[] = ['planlagt', 'i_gang', 'udkast', 'i_hoering', 'endelig'];
const [THEME0, THEME1] = [THEME_IDS[0], THEME_IDS[1]];

type ActorName = 'konsulentA' | 'lederA' | 'admin';
const ACTORS: Record<ActorName, Actor> = {
  konsulentA: { role: 'konsulent', displayName: 'Konsulent A', institutionIds: ['INST-A'] },
  lederA: { role: 'leder', displayName: 'Leder A', institutionIds: ['INST-A'] },
  admin: { role: 'forvaltning', displayName: 'Admin', institutionIds: 'all' },
};

type Op =
  | { kind: 'score'; theme: 0 | 1; step: number }
  | { kind: 'fixedTheme' }
  | { kind: 'status'; to: InspectionStatus; reason: boolean }
  | { kind: 'participants' }
  | { kind: 'newAnbefaling' }
  | { kind: 'anbefalingText' }
  | { kind: 'hoeringssvar' }
  | { kind: 'followUp' }
  | { kind: 'followUpText' }
  | { kind: 'newVersion' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('score' as const), theme: fc.constantFrom<0 | 1>(0, 1), step: fc.integer({ min: 1, max: 4 }) }),
  fc.constant({ kind: 'fixedTheme' as const }),
  fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom(...STATUSES), reason: fc.boolean() }),
  fc.constant({ kind: 'participants' as const }),
  fc.constant({ kind: 'newAnbefaling' as const }),
  fc.constant({ kind: 'anbefalingText' as const }),
  fc.constant({ kind: 'hoeringssvar' as const }),
  fc.constant({ kind: 'followUp' as const }),
  fc.constant({ kind: 'followUpText' as const }),
  fc.constant({ kind: 'newVersion' as const }),
);

const caseArb = fc.record({
  actor: fc.constantFrom<ActorName>('konsulentA', 'lederA', 'admin'),
  status: fc.constantFrom(...STATUSES),
  op: opArb,
});

interface Inspection {
  id: string;
  anbefalingId: string;
}

/** A frozen report of the inspection (what a finalising device freezes). */
function snapshotOf(insp: ReturnType<typeof newInspection>): ReportSnapshot {
  return { ...buildReport(FRAMEWORK_V1, { ...insp, status: 'endelig' }, undefined, [], [], []), comparison: [], previousDate: null, municipalLabel: 'Kommunens gennemsnit (24 mdr.)' };
}
const SNAPSHOT = snapshotOf(newInspection('INST-A'));

const tokenOf = (w: World, a: ActorName) => (a === 'admin' ? w.admin : a === 'konsulentA' ? w.konsulentA : w.lederA);

/** An inspection of INST-A with a score and an anbefaling, walked by the admin to `status` (finalised with version 1 and a follow-up item). */
async function inspectionIn(app: FastifyInstance, w: World, status: InspectionStatus): Promise<Inspection> {
  const a = api(app, w.admin);
  // Issue 12: finalising needs observations and the dialogue, or a reason; the state under test states one.
  const insp = newInspection('INST-A', { status: 'planlagt', date: '2025-03-04', evidenceReason: 'Testen handler om reglerne, ikke om besøget' });
  const anbefalingId = uuidv7();
  const { id: _id, rev: _rev, updatedAt: _u, ...fields } = insp;
  const send = async (ms: Mutation[]) => {
    const body = pushBody(await a.push('setup-client-0001', ms));
    for (const r of body.results) if (r.status === 'rejected') throw new Error(`setup: ${r.reason}`);
  };
  await send([
    mutation('inspection', insp.id, 0, fields),
    mutation('themeScore', themeScoreId(insp.id, THEME0), 0, { inspectionId: insp.id, themeId: THEME0, step: 2 }),
    mutation('anbefaling', anbefalingId, 0, { inspectionId: insp.id, themeId: THEME0, text: 'Mere leg ude', createdAt: new Date().toISOString() }),
  ]);
  let rev = 1;
  for (const next of STATUSES.slice(1, STATUSES.indexOf(status) + 1)) {
    await send([mutation('inspection', insp.id, rev++, { status: next, ...(next === 'endelig' ? { concernLevel: 'ingen' } : {}) })]);
  }
  if (status === 'endelig') {
    await send([
      mutation('rapportversion', reportVersionId(insp.id, 1), 0, { inspectionId: insp.id, version: 1, createdAt: new Date().toISOString(), createdBy: 'Admin', reason: '', snapshot: SNAPSHOT }),
      mutation('opfoelgning', anbefalingId, 0, { inspectionId: insp.id, institutionId: 'INST-A', anbefalingId, themeId: THEME0, anbefaling: 'Mere leg ude', createdAt: new Date().toISOString() }),
    ]);
  }
  return { id: insp.id, anbefalingId };
}

/** The change the op makes, as record type, id and the fields it sets on the actor's copy. */
function changeOf(op: Op, insp: Inspection, current: (type: RecordType, id: string) => Record<string, unknown> | undefined): { type: RecordType; id: string; fields: Record<string, unknown> } {
  switch (op.kind) {
    case 'score': {
      const themeId = op.theme === 0 ? THEME0 : THEME1;
      return { type: 'themeScore', id: themeScoreId(insp.id, themeId), fields: { inspectionId: insp.id, themeId, step: op.step } };
    }
    case 'fixedTheme':
      return { type: 'themeScore', id: themeScoreId(insp.id, THEME0), fields: { themeId: THEME1 } };
    case 'status': {
      const from = current('inspection', insp.id)?.status;
      const reopening = from === 'endelig' && op.to === 'udkast';
      const finalising = from !== 'endelig' && op.to === 'endelig';
      return { type: 'inspection', id: insp.id, fields: { status: op.to, ...(reopening ? { correctionReason: op.reason ? 'Forkert dato' : '' } : {}), ...(finalising ? { concernLevel: 'ingen' } : {}) } };
    }
    case 'participants':
      return { type: 'inspection', id: insp.id, fields: { participants: ['Pædagog', 'Leder'] } };
    case 'newAnbefaling':
      return { type: 'anbefaling', id: uuidv7(), fields: { inspectionId: insp.id, themeId: THEME1, text: 'Ny', createdAt: new Date().toISOString() } };
    case 'anbefalingText':
      return { type: 'anbefaling', id: insp.anbefalingId, fields: { text: 'Mere leg ude, hver dag' } };
    case 'hoeringssvar':
      return { type: 'hoeringssvar', id: insp.anbefalingId, fields: { inspectionId: insp.id, anbefalingId: insp.anbefalingId, answer: 'enig', text: 'Vi gør det' } };
    case 'followUp':
      return { type: 'opfoelgning', id: insp.anbefalingId, fields: { status: 'gennemfoert' } };
    case 'followUpText':
      return { type: 'opfoelgning', id: insp.anbefalingId, fields: { anbefaling: 'Mere leg ude (rettet)' } };
    case 'newVersion':
      return {
        type: 'rapportversion',
        id: reportVersionId(insp.id, 1),
        fields: { inspectionId: insp.id, version: 1, createdAt: new Date().toISOString(), createdBy: 'Ny', reason: '', snapshot: SNAPSHOT },
      };
  }
}

/** The renderer: a device holding what `actor` pulled, through the real sync client. */
async function deviceOf(app: FastifyInstance, token: string, name: string): Promise<{ db: TilsynDatabase; sync: () => Promise<void> }> {
  const db = new TilsynDatabase(name);
  const clientId = `device-${name}`.slice(0, 90);
  const sync = async () => {
    const report = await syncOnce(dexieSyncStorage(db), injectFetch(() => app, token), clientId);
    if (!report.ok) throw new Error(`sync: ${JSON.stringify(report)}`);
  };
  await sync();
  return { db, sync };
}

async function rendererWrite(db: TilsynDatabase, actor: Actor, type: RecordType, id: string, fields: Record<string, unknown>): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await updateRecord(db, type, id, (current) => ({ ...(current as object | undefined), ...fields }), { actor });
    return { ok: true };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, reason: Object.values(e.fieldErrors)[0] ?? '' };
    throw e;
  }
}

/** The server's verdict on the same change, pushed as the actor. */
async function serverWrite(app: FastifyInstance, token: string, type: RecordType, id: string, baseRev: number, fields: Record<string, unknown>) {
  const res = await api(app, token).push(`server-side-${uuidv7()}`.slice(0, 60), [mutation(type, id, baseRev, fields)]);
  if (res.statusCode !== 200) return { status: `http ${res.statusCode}`, reason: (res.json() as { error: string }).error };
  const r = pushBody(res).results[0]!;
  return { status: r.status, reason: r.reason ?? '' };
}

const judgeActorOf = (a: Actor): JudgeActor => ({ role: a.role, institutionIds: a.institutionIds ?? 'all' });

function serverCopy(pulled: PullResponse, type: RecordType, id: string): Record<string, unknown> | undefined {
  const c = pulled.changes.find((x) => x.recordType === type && x.recordId === id);
  return c && !c.withdrawn ? { ...c.data, id, rev: c.rev } : undefined;
}

let dbCount = 0;

describeDialects('one judge: the renderer and the server decide alike', (d) => {
  const s = useServer(d, {}, { world: true });

  it('on the same state, the same decision with the same reason', async () => {
    const seen = { refused: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ actor, status, op }) => {
        // A leder's device holds an inspection only from høring on.
        fc.pre(actor !== 'lederA' || status === 'i_hoering' || status === 'endelig');
        const app = s.app;
        const token = tokenOf(s.world, actor);
        const insp = await inspectionIn(app, s.world, status);
        const device = await deviceOf(app, token, `agree-${++dbCount}`);
        try {
          const local = async (type: RecordType, id: string) => (await tableOf(device.db, type).get(id)) as Record<string, unknown> | undefined;
          const snapshot = new Map<string, Record<string, unknown> | undefined>();
          for (const [type, id] of [['inspection', insp.id], ['themeScore', themeScoreId(insp.id, THEME0)], ['anbefaling', insp.anbefalingId], ['opfoelgning', insp.anbefalingId]] as const)
            snapshot.set(`${type}:${id}`, await local(type, id));
          const change = changeOf(op, insp, (type, id) => snapshot.get(`${type}:${id}`));
          const current = await local(change.type, change.id);
          fc.pre(current !== undefined || !['anbefalingText', 'followUp', 'followUpText', 'fixedTheme'].includes(op.kind));

          const renderer = await rendererWrite(device.db, ACTORS[actor], change.type, change.id, change.fields);
          const server = await serverWrite(app, token, change.type, change.id, Number(current?.rev ?? 0), change.fields);
          if (renderer.ok) {
            seen.accepted++;
            expect(server, `${actor} ${status} ${JSON.stringify(op)}`).toMatchObject({ status: expect.stringMatching(/^(applied|conflict)$/) });
          } else {
            seen.refused++;
            expect(server, `${actor} ${status} ${JSON.stringify(op)}`).toEqual({ status: 'rejected', reason: renderer.reason });
          }
        } finally {
          await device.db.delete();
        }
      }),
      { numRuns: 50, seed: 8 },
    );
    // The cases reach both answers often enough to mean something.
    expect(seen.refused).toBeGreaterThan(10);
    expect(seen.accepted).toBeGreaterThan(10);
  }, 180_000);

  it('on a stale copy, what the renderer accepts the server applies, merges, or refuses for a reason only its copy knows', async () => {
    const seen = { stale: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, fc.constantFrom(...STATUSES.slice(1)), async ({ actor, status, op }, later) => {
        fc.pre(STATUSES.indexOf(later) > STATUSES.indexOf(status));
        fc.pre(actor !== 'lederA' || status === 'i_hoering' || status === 'endelig');
        const app = s.app;
        const token = tokenOf(s.world, actor);
        const insp = await inspectionIn(app, s.world, status);
        const device = await deviceOf(app, token, `stale-${++dbCount}`);
        try {
          // The server moves on (another device walks the inspection further); this device does not pull.
          const a = api(app, s.world.admin);
          for (const next of STATUSES.slice(STATUSES.indexOf(status) + 1, STATUSES.indexOf(later) + 1)) {
            const row = serverCopy(await pullAll(app, s.world.admin), 'inspection', insp.id)!;
            pushBody(await a.push('other-device-0001', [mutation('inspection', insp.id, Number(row.rev), { status: next })]));
          }
          if (later === 'endelig' && status !== 'endelig') {
            pushBody(
              await a.push('other-device-0001', [
                mutation('rapportversion', reportVersionId(insp.id, 1), 0, { inspectionId: insp.id, version: 1, createdAt: new Date().toISOString(), createdBy: 'Admin', reason: '', snapshot: SNAPSHOT }),
                mutation('opfoelgning', insp.anbefalingId, 0, { inspectionId: insp.id, institutionId: 'INST-A', anbefalingId: insp.anbefalingId, themeId: THEME0, anbefaling: 'Mere leg ude', createdAt: new Date().toISOString() }),
              ]),
            );
          }

          const stale = async (type: RecordType, id: string) => (await tableOf(device.db, type).get(id)) as Record<string, unknown> | undefined;
          const staleInspection = await stale('inspection', insp.id);
          const change = changeOf(op, insp, (type) => (type === 'inspection' ? staleInspection : undefined));
          fc.pre((await stale(change.type, change.id)) !== undefined || !['anbefalingText', 'followUp', 'followUpText', 'fixedTheme'].includes(op.kind));
          const renderer = await rendererWrite(device.db, ACTORS[actor], change.type, change.id, change.fields);
          fc.pre(renderer.ok);
          seen.stale++;

          // Push what the device queued, through the real client; a refusal lands in its rejections.
          const serverBefore = await pullAll(app, s.world.admin);
          await device.sync();
          const rejections = await device.db.rejections.toArray();
          for (const r of rejections) {
            const current = serverCopy(serverBefore, r.recordType as RecordType, r.recordId);
            const parent = r.recordType === 'inspection' ? undefined : serverCopy(serverBefore, 'inspection', insp.id);
            const onServer = judge(judgeActorOf(ACTORS[actor]), r.recordType as RecordType, current, { recordId: r.recordId, fields: r.fields }, parent ? { parentStatus: parent.status as InspectionStatus, parentInstitutionId: 'INST-A' } : {});
            // The server's reason is the judge's on the server's copy, which the stale copy allowed.
            expect(onServer.ok, `${actor} ${status}→${later} ${JSON.stringify(op)}: ${r.reason}`).toBe(false);
            if (!onServer.ok) expect(r.reason).toBe(reasonMessage(onServer));
          }
        } finally {
          await device.db.delete();
        }
      }),
      { numRuns: 30, seed: 9 },
    );
    expect(seen.stale).toBeGreaterThan(5);
  }, 180_000);
});
