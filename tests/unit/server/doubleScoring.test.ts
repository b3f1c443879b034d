import { describe, expect, it } from 'vitest';
import { uafhaengigScoreId } from '../../../shared/calibration/records';
import { uuidv7 } from '../../../shared/ids';
import type { PullResponse } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer, type World } from './helpers';

/**
 * Issue 16 part A on the server: the sampler wired into push (first arrival of a planned visit only,
 * an impartial second rater, audited), the blind sets (pull never delivers one early, from zero or
 * from a cursor, to anyone), push refusals, and the consensus as the official score.
 */
const DEVICE_A = 'device-rater-a';
const DEVICE_B = 'device-rater-b';

/** A seeded random source (mulberry32): the same draws every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const setsIn = (p: PullResponse) => p.changes.filter((c) => c.recordType === 'uafhaengigScore');

describeDialects('double scoring', (d) => {
  const s = useServer(d, { calibrationRandom: seeded(16) }, { world: true });

  const enable = async (over: Record<string, unknown> = {}) => {
    const res = await api(s.app, s.world.admin).patch('/api/calibration/settings', { enabled: true, share: 0.15, minPerConsultant: 2, ...over });
    expect(res.statusCode, res.body).toBe(200);
  };

  /** konsulent-a pushes a planned visit to INST-A (drawn for the minimum: their first this half year). */
  const plannedVisit = async (w: World, over: Record<string, unknown> = {}) => {
    const insp = newInspection('INST-A', { status: 'planlagt', consultants: [], consultantIds: [w.users['konsulent-a']!], date: '2026-03-10', ...over });
    expect(pushBody(await api(s.app, w.konsulentA).push(DEVICE_A, [mutation('inspection', insp.id, 0, insp)])).results[0]!.status).toBe('applied');
    return insp;
  };

  /** planlagt → i_gang → udkast (revisions 2 and 3). */
  const toDraft = async (token: string, id: string) => {
    const res = pushBody(await api(s.app, token).push(DEVICE_A, [mutation('inspection', id, 1, { status: 'i_gang' }), mutation('inspection', id, 2, { status: 'udkast' })]));
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  };

  const doubleScoringOf = async (id: string) => {
    const row = await s.app.tilsyn.db.selectFrom('records').select('data').where('type', '=', 'dobbeltscoring').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.data) as { raterIds: string[]; selection: string }) : undefined;
  };

  const set = (inspectionId: string, raterId: string, scores: Record<string, number | null>, sealedAt: string | null = null) => ({
    id: uafhaengigScoreId(inspectionId, raterId),
    inspectionId,
    institutionId: 'INST-A',
    raterId,
    scores,
    sealedAt,
  });

  it('draws when a planned visit first reaches the server, with an impartial second rater, in the same transaction, audited; never again on later pushes', async () => {
    const w = s.world;
    // Off until forvaltning turns it on.
    const before = await plannedVisit(w);
    expect(await doubleScoringOf(before.id)).toBeUndefined();
    await enable();

    const insp = await plannedVisit(w);
    const drawn = await doubleScoringOf(insp.id);
    expect(drawn).toMatchObject({ raterIds: [w.users['konsulent-a'], w.users['konsulent-b']], selection: 'minimum' });
    // The second rater now works in the institution: linked, their scope changed, so they pull it.
    const b = await pullAll(s.app, w.konsulentB);
    expect(b.scope.institutionIds).toContain('INST-A');
    expect(b.changes.map((c) => `${c.recordType}:${c.recordId}`)).toEqual(expect.arrayContaining([`inspection:${insp.id}`, `dobbeltscoring:${insp.id}`]));
    const audits = await s.app.tilsyn.db.selectFrom('audit').select(['action', 'target', 'details']).where('action', '=', 'calibration.drawn').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.target).toBe(insp.id);
    expect(JSON.parse(audits[0]!.details!)).toMatchObject({ selection: 'minimum', secondRaterId: w.users['konsulent-b'], linkedToInstitution: true });

    // The sampler judges a visit once: later changes to it are no new arrival.
    pushBody(await api(s.app, w.konsulentA).push(DEVICE_A, [mutation('inspection', insp.id, 1, { date: '2026-03-11' })]));
    const draws = await s.app.tilsyn.db.selectFrom('calibration_draws').selectAll().execute();
    expect(draws.map((r) => r.inspection_id)).toEqual([insp.id]);
    // A visit already started (or final) when it first arrives is not in the sample, not even counted.
    await plannedVisit(w, { status: 'i_gang' });
    expect(await s.app.tilsyn.db.selectFrom('calibration_draws').selectAll().execute()).toHaveLength(1);
    // Clients cannot make one.
    const other = await plannedVisit(w, { status: 'i_gang' });
    const made = pushBody(await api(s.app, w.konsulentA).push(DEVICE_A, [mutation('dobbeltscoring', other.id, 0, { inspectionId: other.id, institutionId: 'INST-A', raterIds: [w.users['konsulent-a'], w.users['konsulent-b']], selection: 'tilfaeldig', drawnAt: new Date().toISOString() })]));
    expect(made.results[0]).toMatchObject({ status: 'rejected', code: 'double_scoring_by_server' });
  });

  it('the second rater is never the visit\'s own consultant nor one with a blocking relation', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    const ids: Record<string, string> = {};
    for (const name of ['konsulent-c', 'konsulent-d']) {
      const res = await admin.post('/api/admin/users', { username: name, displayName: name, role: 'konsulent', password: 'hemmelig-kode-42', institutionIds: [] });
      ids[name] = res.json().id;
    }
    // konsulent-b and konsulent-c have blocking relations to INST-A; only konsulent-d is impartial.
    expect((await admin.post(`/api/admin/users/${w.users['konsulent-b']}/relations`, { relations: [{ institutionId: 'INST-A', kind: 'sparringskonsulent' }] })).statusCode).toBe(200);
    expect((await admin.post(`/api/admin/users/${ids['konsulent-c']}/relations`, { relations: [{ institutionId: 'INST-A', kind: 'personlig' }] })).statusCode).toBe(200);
    await enable({ share: 1 });
    for (let i = 0; i < 6; i++) {
      const insp = await plannedVisit(w);
      expect((await doubleScoringOf(insp.id))?.raterIds).toEqual([w.users['konsulent-a'], ids['konsulent-d']]);
    }
    // Nobody impartial left: the visit is seen, not drawn.
    await admin.post(`/api/admin/users/${ids['konsulent-d']}/relations`, { relations: [{ institutionId: 'INST-A', kind: 'tilknyttet_konsulent' }] });
    const none = await plannedVisit(w);
    expect(await doubleScoringOf(none.id)).toBeUndefined();
    // Forvaltning may hand-pick, but not a rater with a relation (refused at the field).
    const picked = await admin.post('/api/calibration/handpick', { inspectionId: none.id, secondRaterId: ids['konsulent-c'], reason: 'Vi vil se på dette besøg' });
    expect(picked.statusCode).toBe(409);
    expect(picked.json()).toMatchObject({ code: 'anden_bedoemmer_inhabil', issues: [{ path: 'secondRaterId' }] });
  });

  it('hand-picking: a reason, the shared rule judged again on the server, marked not random and audited, the second rater pulls it', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    // Double scoring off: nothing is drawn, but forvaltning may still hand-pick.
    const insp = await plannedVisit(w);
    expect(await doubleScoringOf(insp.id)).toBeUndefined();
    const pick = (body: Record<string, unknown>) => admin.post('/api/calibration/handpick', { inspectionId: insp.id, reason: 'Nyt hus, nye rutiner: godt kalibreringsbesøg', ...body });

    const noReason = await admin.post('/api/calibration/handpick', { inspectionId: insp.id, secondRaterId: w.users['konsulent-b'], reason: 'kort' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
    const onVisit = await pick({ secondRaterId: w.users['konsulent-a'] });
    expect(onVisit.statusCode).toBe(409);
    expect(onVisit.json()).toMatchObject({ code: 'anden_bedoemmer_paa_tilsynet', issues: [{ path: 'secondRaterId' }] });
    const notKonsulent = await pick({ secondRaterId: w.users['leder-a'] });
    expect(notKonsulent.json()).toMatchObject({ code: 'anden_bedoemmer_ikke_konsulent' });
    const unknown = await admin.post('/api/calibration/handpick', { inspectionId: 'findes-ikke', secondRaterId: w.users['konsulent-b'], reason: 'Et besøg der ikke findes' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'tilsyn_findes_ikke', issues: [{ path: 'inspectionId' }] });
    expect(await doubleScoringOf(insp.id)).toBeUndefined();

    const ok = await pick({ secondRaterId: w.users['konsulent-b'] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await doubleScoringOf(insp.id)).toMatchObject({ raterIds: [w.users['konsulent-a'], w.users['konsulent-b']], selection: 'haandplukket' });
    const audits = await s.app.tilsyn.db.selectFrom('audit').select(['details']).where('action', '=', 'calibration.handpicked').execute();
    expect(audits.map((a) => JSON.parse(a.details!))).toEqual([expect.objectContaining({ reason: 'Nyt hus, nye rutiner: godt kalibreringsbesøg', secondRaterId: w.users['konsulent-b'], selection: 'haandplukket' })]);
    // Not counted in the share: no draw row.
    expect(await s.app.tilsyn.db.selectFrom('calibration_draws').selectAll().execute()).toHaveLength(0);
    const b = await pullAll(s.app, w.konsulentB);
    expect(b.changes.map((c) => `${c.recordType}:${c.recordId}`)).toEqual(expect.arrayContaining([`inspection:${insp.id}`, `dobbeltscoring:${insp.id}`]));
    const again = await pick({ secondRaterId: w.users['konsulent-b'] });
    expect(again.json()).toMatchObject({ code: 'allerede_dobbeltscoret', issues: [{ path: 'inspectionId' }] });
  });

  it('pull never delivers a blind set early, to anyone, from zero or from a cursor; then both raters and forvaltning get both; a leder never', async () => {
    const w = s.world;
    await enable();
    const insp = await plannedVisit(w);
    const [a, b] = [w.users['konsulent-a']!, w.users['konsulent-b']!];
    const pa = api(s.app, w.konsulentA);
    const pb = api(s.app, w.konsulentB);
    const cursors = { a: (await pullAll(s.app, w.konsulentA)).nextCursor, b: (await pullAll(s.app, w.konsulentB)).nextCursor, admin: (await pullAll(s.app, w.admin)).nextCursor };

    const expectHidden = async (label: string) => {
      for (const [who, token, own] of [['a', w.konsulentA, a], ['b', w.konsulentB, b], ['admin', w.admin, null], ['leder', w.lederA, null]] as const) {
        for (const [from, limit] of [[0, 500], [0, 1], [cursors[who as keyof typeof cursors] ?? 0, 500]] as const) {
          const got = setsIn(await pullAll(s.app, token, from, limit));
          expect(got.every((c) => (c.data as { raterId: string }).raterId === own), `${label}: ${who} from ${from}`).toBe(true);
        }
      }
    };

    pushBody(await pa.push(DEVICE_A, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 0, set(insp.id, a, { interaktion: 3, leg: 2 }))]));
    pushBody(await pb.push(DEVICE_B, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, b), 0, set(insp.id, b, { interaktion: 3, leg: 4 }))]));
    await expectHidden('both open');
    // The other rater's set cannot be written, nor created under their id.
    const foreign = await pb.push(DEVICE_B, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 1, { scores: { interaktion: 1 } })]);
    expect(foreign.statusCode).toBe(404);
    // The refusal names the record, but never shows another rater's set.
    expect(foreign.body).not.toContain('"interaktion":3');
    const { id: _id, ...asA } = set(insp.id, a, { leg: 1 });
    const hijack = pushBody(await pb.push(DEVICE_B, [mutation('uafhaengigScore', `${insp.id}:x`, 0, asA)]));
    expect(hijack.results[0]).toMatchObject({ status: 'rejected', code: 'not_your_independent_score' });

    // A seals; the official step cannot carry a rater's own step before the consensus.
    pushBody(await pa.push(DEVICE_A, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 1, { sealedAt: '2026-03-10T12:00:00.000Z', revealedTo: [a, b] })]));
    const early = pushBody(await pa.push(DEVICE_A, [mutation('themeScore', `${insp.id}:interaktion`, 0, { inspectionId: insp.id, themeId: 'interaktion', step: 3 })]));
    expect(early.results[0]).toMatchObject({ status: 'rejected', code: 'official_score_not_consensus' });
    const tooSoon = pushBody(await pa.push(DEVICE_A, [mutation('dobbeltscoring', insp.id, 1, { consensus: { interaktion: { step: 3, reason: '' } } })]));
    expect(tooSoon.results[0]).toMatchObject({ status: 'rejected', code: 'consensus_before_seals' });
    await expectHidden('one sealed');
    // The fokuspunkt notes are shared: their supporting step waits for both seals (the note itself does not).
    const fp = `${insp.id}:leg-tid`;
    const blindStep = pushBody(await pb.push(DEVICE_B, [mutation('fokuspunktNote', fp, 0, { inspectionId: insp.id, themeId: 'leg', fokuspunktId: 'leg-tid', step: 4, note: 'Legen fylder' })]));
    expect(blindStep.results[0]).toMatchObject({ status: 'rejected', code: 'support_step_while_blind' });
    const noteOnly = pushBody(await pb.push(DEVICE_B, [mutation('fokuspunktNote', fp, 0, { inspectionId: insp.id, themeId: 'leg', fokuspunktId: 'leg-tid', note: 'Legen fylder' })]));
    expect(noteOnly.results[0], JSON.stringify(noteOnly.results[0])).toMatchObject({ status: 'applied' });
    // A sealed set never changes.
    const changed = pushBody(await pa.push(DEVICE_A, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 2, { scores: { interaktion: 4, leg: 2 } })]));
    expect(changed.results[0]).toMatchObject({ status: 'rejected', code: 'independent_score_sealed' });

    pushBody(await pb.push(DEVICE_B, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, b), 1, { sealedAt: '2026-03-10T12:05:00.000Z' })]));
    expect(pushBody(await pb.push(DEVICE_B, [mutation('fokuspunktNote', fp, 1, { step: 4 })])).results[0]!.status).toBe('applied');
    // Now both raters and forvaltning get both sets, from their cursor as from zero; the leder none.
    // (Page by page too: a skipped record counts for paging, so nothing after it is lost.)
    for (const [token, cursor, limit] of [[w.konsulentA, cursors.a, 500], [w.konsulentB, cursors.b, 500], [w.admin, cursors.admin, 500], [w.konsulentA, 0, 500], [w.admin, 0, 500], [w.konsulentB, 0, 1]] as const) {
      const got = setsIn(await pullAll(s.app, token, cursor, limit));
      expect(new Set(got.map((c) => (c.data as { raterId: string }).raterId))).toEqual(new Set([a, b]));
      expect(got.every((c) => (c.data as { revealedTo?: string[] }).revealedTo?.length === 2)).toBe(true);
    }
    expect(setsIn(await pullAll(s.app, w.lederA))).toEqual([]);
    // Revealed, the other's set is still not theirs to write.
    const after = pushBody(await pb.push(DEVICE_B, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 3, { scores: { interaktion: 1 } })]));
    expect(after.results[0]).toMatchObject({ status: 'rejected', code: 'not_your_independent_score' });

    // The consensus: a reason where they differed (leg: 2 against 4), then it is the official step.
    const noReason = pushBody(await pa.push(DEVICE_A, [mutation('dobbeltscoring', insp.id, 1, { consensus: { interaktion: { step: 3, reason: '' }, leg: { step: 3, reason: '' } } })]));
    expect(noReason.results[0]).toMatchObject({ status: 'rejected', code: 'consensus_reason_required' });
    const notRater = pushBody(await api(s.app, w.admin).push('device-admin', [mutation('dobbeltscoring', insp.id, 1, { consensus: { interaktion: { step: 3, reason: '' } } })]));
    expect(notRater.results[0]).toMatchObject({ status: 'rejected', code: 'not_a_rater' });
    const consensus = { interaktion: { step: 3, reason: '' }, leg: { step: 3, reason: 'Legen var god om formiddagen, svag ved frokost' } };
    expect(pushBody(await pb.push(DEVICE_B, [mutation('dobbeltscoring', insp.id, 1, { consensus, consensusAt: '2026-03-10T13:00:00.000Z' })])).results[0]!.status).toBe('applied');
    // Sending to høring (leaving the editable statuses) needs the official steps equal to the consensus.
    await toDraft(w.konsulentA, insp.id);
    const final = { status: 'i_hoering' };
    const refused = pushBody(await pa.push(DEVICE_A, [mutation('inspection', insp.id, 3, final)]));
    expect(refused.results[0]).toMatchObject({ status: 'rejected', code: 'official_score_not_consensus' });
    const wrong = pushBody(await pa.push(DEVICE_A, [mutation('themeScore', `${insp.id}:leg`, 0, { inspectionId: insp.id, themeId: 'leg', step: 2 })]));
    expect(wrong.results[0]).toMatchObject({ status: 'rejected', code: 'official_score_not_consensus' });
    pushBody(
      await pa.push(DEVICE_A, [
        mutation('themeScore', `${insp.id}:interaktion`, 0, { inspectionId: insp.id, themeId: 'interaktion', step: 3 }),
        mutation('themeScore', `${insp.id}:leg`, 0, { inspectionId: insp.id, themeId: 'leg', step: 3 }),
      ]),
    );
    expect(pushBody(await pa.push(DEVICE_A, [mutation('inspection', insp.id, 3, final)])).results[0]!.status).toBe('applied');
    // The leder sees the report's official steps, never the sets or the double scoring.
    const leder = await pullAll(s.app, w.lederA);
    expect(leder.changes.filter((c) => c.recordType === 'themeScore').map((c) => (c.data as { step: number }).step)).toEqual([3, 3]);
    expect(leder.changes.filter((c) => c.recordType === 'uafhaengigScore' || c.recordType === 'dobbeltscoring')).toEqual([]);
  });

  it('finalising a double-scored visit needs both seals and the consensus on every scored theme', async () => {
    const w = s.world;
    await enable();
    const insp = await plannedVisit(w);
    const a = w.users['konsulent-a']!;
    pushBody(await api(s.app, w.konsulentA).push(DEVICE_A, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 0, set(insp.id, a, { leg: 2 }, '2026-03-10T12:00:00.000Z'))]));
    await toDraft(w.konsulentA, insp.id);
    const r = pushBody(await api(s.app, w.konsulentA).push(DEVICE_A, [mutation('inspection', insp.id, 3, { status: 'i_hoering' })]));
    expect(r.results[0]).toMatchObject({ status: 'rejected', code: 'consensus_missing' });
  });
});

describe.each([['SQLite', 'sqlite']] as const)('the wired sampler\'s share · %s', (_label, name) => {
  const s = useServer({ name, label: name, skip: null }, { calibrationRandom: seeded(2026) }, { world: true });

  it('1,000 first arrivals by 20 consultants: the share drawn is within ±3 points of 15 %, every consultant has the minimum', async () => {
    const db = s.app.tilsyn.db;
    const now = new Date().toISOString();
    const consultants = Array.from({ length: 20 }, (_, i) => `k-${String(i).padStart(2, '0')}`);
    // Users written directly (20 password hashes would only slow the test); they rate, they do not log in.
    await db
      .insertInto('users')
      .values([...consultants, 'k-spare'].map((id) => ({ id, username: id, display_name: id, role: 'konsulent' as const, password_hash: 'x', disabled: 0, scope_epoch: 0, created_at: now, updated_at: now })))
      .execute();
    expect((await api(s.app, s.world.admin).patch('/api/calibration/settings', { enabled: true, share: 0.15, minPerConsultant: 2 })).statusCode).toBe(200);
    const random = seeded(7);
    for (let batch = 0; batch < 10; batch++) {
      const mutations = Array.from({ length: 100 }, (_, i) => {
        const n = batch * 100 + i;
        const day = String(1 + (n % 28)).padStart(2, '0');
        const month = String(1 + Math.floor((n / 1000) * 6)).padStart(2, '0');
        const insp = newInspection(n % 2 ? 'INST-A' : 'INST-B', { id: uuidv7(), status: 'planlagt', consultants: [], consultantIds: [consultants[Math.floor(random() * 20)]!], date: `2026-${month}-${day}` });
        return mutation('inspection', insp.id, 0, insp);
      });
      const res = pushBody(await api(s.app, s.world.admin).push('device-bulk', mutations));
      expect(res.results.every((r) => r.status === 'applied')).toBe(true);
    }
    const draws = await db.selectFrom('calibration_draws').selectAll().execute();
    expect(draws).toHaveLength(1000);
    const drawn = draws.filter((r) => r.drawn === 1);
    const share = drawn.length / draws.length;
    expect(Math.abs(share - 0.15)).toBeLessThanOrEqual(0.03);
    const per = new Map<string, number>();
    for (const r of drawn) for (const c of JSON.parse(r.consultant_ids) as string[]) per.set(c, (per.get(c) ?? 0) + 1);
    for (const c of consultants) expect(per.get(c) ?? 0).toBeGreaterThanOrEqual(2);
    const stored = await db.selectFrom('records').select(({ fn }) => fn.countAll<number>().as('n')).where('type', '=', 'dobbeltscoring').executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(drawn.length);
    console.log(`wired sampler: ${drawn.length} of 1000 drawn (${(share * 100).toFixed(1)} %), budget 15 ± 3 %: ${Math.abs(share - 0.15) <= 0.03 ? 'OK' : 'OVER'}`);
  }, 120_000);
});

describeDialects('the sampler under concurrent pushes', (d) => {
  // Always 0.99: a visit is drawn exactly when the half year's shortfall reaches a whole visit, so
  // serial draws give exactly share × visits; a tally read by two pushes at once draws twice.
  const s = useServer(d, { calibrationRandom: () => 0.99 }, { world: true });

  it('80 planned visits pushed at once, one per push, in two half years: exactly 25 % of each half year drawn', async () => {
    const db = s.app.tilsyn.db;
    const now = new Date().toISOString();
    const consultants = Array.from({ length: 20 }, (_, i) => `kc-${String(i).padStart(2, '0')}`);
    await db
      .insertInto('users')
      .values([...consultants, 'kc-spare'].map((id) => ({ id, username: id, display_name: id, role: 'konsulent' as const, password_hash: 'x', disabled: 0, scope_epoch: 0, created_at: now, updated_at: now })))
      .execute();
    expect((await api(s.app, s.world.admin).patch('/api/calibration/settings', { enabled: true, share: 0.25, minPerConsultant: 0 })).statusCode).toBe(200);
    const admin = api(s.app, s.world.admin);
    const pushes = Array.from({ length: 80 }, (_, n) => {
      const insp = newInspection(n % 2 ? 'INST-A' : 'INST-B', { id: uuidv7(), status: 'planlagt', consultants: [], consultantIds: [consultants[n % 20]!], date: n < 40 ? '2026-03-10' : '2026-09-10' });
      return admin.push(`device-concurrent-${n}`, [mutation('inspection', insp.id, 0, insp)]);
    });
    for (const res of await Promise.all(pushes)) expect(pushBody(res).results[0]!.status).toBe('applied');
    const draws = await db.selectFrom('calibration_draws').selectAll().execute();
    expect(draws).toHaveLength(80);
    const drawnIn = (half: string) => draws.filter((r) => r.half_year === half && r.drawn === 1).length;
    expect([drawnIn('2026-H1'), drawnIn('2026-H2')]).toEqual([10, 10]);
  }, 120_000);
});
