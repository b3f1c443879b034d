import { sql, type Kysely, type Transaction } from 'kysely';
import { DobbeltscoringSchema, type Dobbeltscoring, type Selection } from '../../shared/calibration/records';
import { DoubleScoringSettingsSchema, sampleVisit, type DoubleScoringSettings, type HalfYearTally } from '../../shared/calibration/sampling';
import { halfYearOf } from '../../shared/calibration/warnings';
import { SECOND_RATER_CODES, secondRaterCandidates, secondRaterProblem } from '../../shared/calibration/handPick';
import { relationsOf } from '../admin/relations';
import { auditRow } from '../audit/audit';
import { fromJson, toJson } from '../db/json';
import type { Database } from '../db/schema';
import { isPostgres, type SeqAllocator } from '../db/sequence';
import { LEDER_HIDDEN } from '../sync/visibility';

/**
 * The double-scoring sampler wired into push (issue 16, docs/kalibrering.md): when a planned visit
 * first reaches the server, the shared rule (shared/calibration/sampling.ts) decides whether it is
 * double-scored, and the server stores its `dobbeltscoring` record in the same transaction.
 */

type Db = Kysely<Database> | Transaction<Database>;
const SETTINGS_KEY = 'double_scoring';

export async function loadSettings(db: Db): Promise<DoubleScoringSettings> {
  const row = await db.selectFrom('calibration_settings').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  const parsed = DoubleScoringSettingsSchema.safeParse(row ? fromJson(row.value) : {});
  return parsed.success ? parsed.data : DoubleScoringSettingsSchema.parse({});
}

export async function saveSettings(db: Db, settings: DoubleScoringSettings, now: string): Promise<void> {
  const value = toJson(settings);
  await db
    .insertInto('calibration_settings')
    .values({ key: SETTINGS_KEY, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

/** Advisory lock class of the half years' tallies (the sync sequence uses class 21587). */
const TALLY_LOCK_CLASS = 21588;

/**
 * Serialises the draws of one half year until the transaction ends. The tally is read, judged and
 * extended in one push transaction; PostgreSQL runs pushes side by side (READ COMMITTED), so without
 * a lock two pushes read the same tally and both draw on the same shortfall, and the share drifts
 * up under load. A transaction-scoped advisory lock per half year makes them take turns; the next
 * holder's tally query runs after the lock is granted, so it sees the previous holder's committed
 * row (a new snapshot per statement). A batch that draws in two half years, against another in the
 * opposite order, may deadlock: PostgreSQL aborts one and writeTransaction retries it (40P01).
 * SQLite needs none: it has one writer, and pushes run one after another (group commit).
 */
async function lockTally(db: Transaction<Database>, halfYear: string): Promise<void> {
  if (!isPostgres(db)) return;
  const key = Number(halfYear.slice(0, 4)) * 2 + (halfYear.endsWith('H2') ? 1 : 0);
  await sql`select pg_advisory_xact_lock(${sql.lit(TALLY_LOCK_CLASS)}, ${sql.lit(key)})`.execute(db);
}

/** The half year's draws so far (this visit not counted); read under lockTally. */
async function tallyOf(db: Db, halfYear: string): Promise<HalfYearTally> {
  const rows = await db.selectFrom('calibration_draws').select(['drawn', 'consultant_ids']).where('half_year', '=', halfYear).execute();
  const perConsultant = new Map<string, number>();
  let drawn = 0;
  for (const r of rows) {
    if (!r.drawn) continue;
    drawn += 1;
    for (const c of fromJson<string[]>(r.consultant_ids)) perConsultant.set(c, (perConsultant.get(c) ?? 0) + 1);
  }
  return { seen: rows.length, drawn, drawnPerConsultant: perConsultant };
}

/**
 * The second rater: an active konsulent who may be it by the shared rule (shared/calibration/handPick.ts:
 * not on the visit, no blocking relation on its date). Among those, the one with the fewest
 * second-rater draws this half year, then chance; so the load spreads and nobody chooses.
 */
async function chooseSecondRater(db: Db, visit: { institutionId: string; date: string; consultantIds: readonly string[] }, random: () => number): Promise<string | null> {
  const users = await db.selectFrom('users').select(['id', 'role']).where('role', '=', 'konsulent').where('disabled', '=', 0).orderBy('id').execute();
  const others = users.filter((u) => !visit.consultantIds.includes(u.id));
  const impartial = secondRaterCandidates(others, await relationsOf(db, others.map((u) => u.id)), visit).map((u) => u.id);
  if (impartial.length === 0) return null;
  const load = new Map<string, number>();
  const rows = await db.selectFrom('calibration_draws').select('second_rater_id').where('half_year', '=', halfYearOf(visit.date)).where('second_rater_id', 'in', impartial).execute();
  for (const r of rows) if (r.second_rater_id) load.set(r.second_rater_id, (load.get(r.second_rater_id) ?? 0) + 1);
  const least = Math.min(...impartial.map((id) => load.get(id) ?? 0));
  const pool = impartial.filter((id) => (load.get(id) ?? 0) === least);
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))]!;
}

/** Why this user cannot be the named second rater (an errors:code), or null; disabled or unknown users count as not konsulent. */
async function namedRaterRefusal(db: Db, userId: string, visit: { institutionId: string; date: string; consultantIds: readonly string[] }): Promise<string | null> {
  const user = await db.selectFrom('users').select(['id', 'role', 'disabled']).where('id', '=', userId).executeTakeFirst();
  const problem = !user || user.disabled ? 'not_konsulent' : secondRaterProblem(user, await relationsOf(db, [userId]), visit);
  return problem ? SECOND_RATER_CODES[problem] : null;
}

/**
 * The second rater works in the institution from now on: linked like an assigned consultant (their
 * scope grows, so their next pull starts from zero and carries the institution and the visit).
 */
async function linkToInstitution(db: Db, userId: string, institutionId: string, now: string): Promise<boolean> {
  const linked = await db.selectFrom('user_institutions').select('user_id').where('user_id', '=', userId).where('institution_id', '=', institutionId).executeTakeFirst();
  if (linked) return false;
  await db.insertInto('user_institutions').values({ user_id: userId, institution_id: institutionId }).execute();
  const u = await db.selectFrom('users').select('scope_epoch').where('id', '=', userId).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ scope_epoch: u.scope_epoch + 1, updated_at: now }).where('id', '=', userId).execute();
  return true;
}

export interface DrawContext {
  trx: Transaction<Database>;
  seq: SeqAllocator;
  now: string;
  actor: { id: string; username: string };
  clientId: string;
  random: () => number;
}

/** Stores the `dobbeltscoring` record (the server's write: revision 1, seq, a revision row). */
async function storeDoubleScoring(ctx: DrawContext, d: Dobbeltscoring): Promise<void> {
  const data = toJson(DobbeltscoringSchema.parse(d));
  await ctx.trx
    .insertInto('records')
    .values({
      type: 'dobbeltscoring',
      id: d.id,
      institution_id: d.institutionId,
      inspection_id: d.inspectionId,
      data,
      field_revs: '{}',
      rev: 1,
      deleted: 0,
      leder_visible: LEDER_HIDDEN,
      updated_at: ctx.now,
      seq: await ctx.seq.take(),
    })
    .execute();
  await ctx.trx
    .insertInto('record_revisions')
    .values({ type: 'dobbeltscoring', id: d.id, rev: 1, data, client_id: 'server', user_id: ctx.actor.id, mutation_id: `server:${d.id}`, created_at: ctx.now })
    .execute();
}

interface Visit {
  id: string;
  institutionId: string;
  date: string;
  consultantIds: readonly string[];
}

/** Makes the visit double-scored with these raters; audited. */
async function assign(ctx: DrawContext, visit: Visit, firstRater: string, secondRater: string, selection: Selection, reason?: string): Promise<Dobbeltscoring> {
  const linked = await linkToInstitution(ctx.trx, secondRater, visit.institutionId, ctx.now);
  const d: Dobbeltscoring = {
    id: visit.id,
    rev: 1,
    updatedAt: ctx.now,
    inspectionId: visit.id,
    institutionId: visit.institutionId,
    raterIds: [firstRater, secondRater],
    selection,
    drawnAt: ctx.now,
    consensus: {},
    consensusAt: null,
  };
  await storeDoubleScoring(ctx, d);
  await auditRow(ctx.trx, {
    action: selection === 'haandplukket' ? 'calibration.handpicked' : 'calibration.drawn',
    actor: ctx.actor,
    target: visit.id,
    details: { institutionId: visit.institutionId, date: visit.date, selection, firstRaterId: firstRater, secondRaterId: secondRater, linkedToInstitution: linked, ...(reason ? { reason } : {}) },
  });
  return d;
}

/**
 * A planned visit reached the server for the first time (push, creation with status planlagt):
 * judged once; drawn or not, the tally counts it. A visit without a consultant user, or with no
 * impartial second rater to be had, is counted as seen and not drawn.
 */
export async function drawOnArrival(ctx: DrawContext, visit: Visit, pusherId: string): Promise<Dobbeltscoring | null> {
  const settings = await loadSettings(ctx.trx);
  if (!settings.enabled || visit.consultantIds.length === 0) return null;
  const halfYear = halfYearOf(visit.date);
  await lockTally(ctx.trx, halfYear);
  const decision = sampleVisit(visit, await tallyOf(ctx.trx, halfYear), settings, ctx.random);
  const second = decision.drawn ? await chooseSecondRater(ctx.trx, visit, ctx.random) : null;
  const drawn = decision.drawn && second !== null;
  await ctx.trx
    .insertInto('calibration_draws')
    .values({
      inspection_id: visit.id,
      half_year: halfYear,
      consultant_ids: toJson([...visit.consultantIds]),
      drawn: drawn ? 1 : 0,
      selection: drawn ? decision.reason : null,
      second_rater_id: drawn ? second : null,
      created_at: ctx.now,
    })
    .execute();
  if (!drawn) return null;
  const first = visit.consultantIds.includes(pusherId) ? pusherId : visit.consultantIds[0]!;
  return assign(ctx, visit, first, second!, decision.reason);
}

/**
 * Forvaltning hand-picks a visit (not random, not counted in the share): the named second rater is
 * judged by the shared rule again; without one, chosen like a drawn one. Refusals are errors:code keys.
 */
export async function handPick(ctx: DrawContext, visit: Visit, secondRaterId: string | undefined, reason: string): Promise<Dobbeltscoring | { refused: string }> {
  if (visit.consultantIds.length === 0) return { refused: 'tilsyn_uden_konsulent' };
  if (secondRaterId) {
    const refused = await namedRaterRefusal(ctx.trx, secondRaterId, visit);
    if (refused) return { refused };
  }
  const second = secondRaterId ?? (await chooseSecondRater(ctx.trx, visit, ctx.random));
  if (!second) return { refused: 'ingen_anden_bedoemmer' };
  return assign(ctx, visit, visit.consultantIds[0]!, second, 'haandplukket', reason);
}
