import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type Change, type Conflict, type PullQuery, type PullResponse, type ReferenceChange } from '../../shared/sync/wire';
import type { RecordType } from '../../shared/records';
import type { AuthUser } from '../auth/tokens';
import { fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { hotQuery } from '../db/compiled';
import { currentSeq, isPostgres } from '../db/sequence';
import { conflictToWire, selectConflicts, type ConflictRow } from './conflicts';
import { checkProtocolVersion } from './protocolVersion';
import { changeWithStoredData } from './pullJson';
import type { Db } from './records';
import { LEDER_WITHDRAWN, blindConflictReadable, blindRecordReadable, conflictsWithin, forLeder, institutionsWithin, isEmptyScope, readScopeOf, recordsWithin, seesConflicts, type ReadScope } from './visibility';

type ReferenceKind = 'institution' | 'framework' | 'goal' | 'tilsynsramme';

type Item =
  | { kind: 'change'; seq: number; value: Change }
  | { kind: 'institution'; seq: number; value: ReferenceChange }
  | { kind: 'framework'; seq: number; value: ReferenceChange }
  | { kind: 'goal'; seq: number; value: ReferenceChange }
  | { kind: 'tilsynsramme'; seq: number; value: ReferenceChange }
  | { kind: 'conflict'; seq: number; value: Conflict }
  /** A record this user may not read (another rater's blind set): counts for paging, carries nothing. */
  | { kind: 'hidden'; seq: number };

/** What decides the shape of a pull's queries (db/compiled.ts): the user's scope. */
type ScopeShape = { all: boolean; ids: readonly string[]; leder: boolean };
const shapeOf = (scope: ReadScope): ScopeShape => ({ all: scope.all, ids: scope.all ? [] : [...scope.institutionIds], leder: scope.lederVisibleOnly });
const scopeOf = (p: ScopeShape): ReadScope => ({ all: p.all, institutionIds: p.ids, lederVisibleOnly: p.leder });
/** `high`: a number (SQLite), or on PostgreSQL the bound the statement before the page set (WATERMARK). */
type Bounds = { cursor: number; high: number | RawBuilder<number> };

// A pull's queries (db/compiled.ts compiles each once per shape; every sync sends them). The limit
// is a bound value on PostgreSQL and written into the SQL on SQLite (`sqliteQueries`).
type PageParams = Bounds & ScopeShape & { limit: number | RawBuilder<number> };
const recordsSelect = (db: Db, p: PageParams) =>
  recordsWithin(db.selectFrom('records').select(['type', 'id', 'institution_id', 'rev', 'deleted', 'data', 'seq', 'leder_visible']).where('seq', '>', p.cursor).where('seq', '<=', p.high), scopeOf(p), { withdrawn: true })
    .orderBy('seq')
    .limit(p.limit);
const countSelect = (db: Db, p: Bounds & ScopeShape) =>
  recordsWithin(db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>', p.cursor).where('seq', '<=', p.high), scopeOf(p), { withdrawn: true });
const conflictsSelect = (db: Db, p: PageParams) =>
  conflictsWithin(selectConflicts(db).where('conflicts.seq', '>', p.cursor).where('conflicts.seq', '<=', p.high), scopeOf(p))
    .orderBy('conflicts.seq')
    .limit(p.limit);
// Reference data in one query: the institutions the user may see (`institutions`: unless the scope
// is empty), and what is the same for everyone: framework versions, the municipal goals
// (server/admin/goals.ts) and the tilsynsramme's gældende versions (a kladde is forvaltning's work
// in progress; it takes a new sequence number when it becomes gældende, so the pull that follows
// carries it). The limit applies to them together (the page is the lowest `limit` numbers of every
// kind, so the lowest `limit + 1` of these are enough).
const referenceSelect = (db: Db, p: PageParams & { institutions: boolean }) => {
  const shared = db
    .selectFrom('frameworks')
    .select([sql<ReferenceKind>`'framework'`.as('kind'), 'id', 'version as rev', 'data', 'seq'])
    .where('seq', '>', p.cursor)
    .where('seq', '<=', p.high)
    .unionAll(db.selectFrom('goals').select([sql<ReferenceKind>`'goal'`.as('kind'), 'id', 'rev', 'data', 'seq']).where('seq', '>', p.cursor).where('seq', '<=', p.high))
    .unionAll(db.selectFrom('tilsynsrammer').select([sql<ReferenceKind>`'tilsynsramme'`.as('kind'), 'id', 'rev', 'data', 'seq']).where('status', '=', 'gaeldende').where('seq', '>', p.cursor).where('seq', '<=', p.high));
  const all = p.institutions
    ? shared.unionAll(institutionsWithin(db.selectFrom('institutions').select([sql<ReferenceKind>`'institution'`.as('kind'), 'id', 'rev', 'data', 'seq']).where('seq', '>', p.cursor).where('seq', '<=', p.high), scopeOf(p)))
    : shared;
  return all.orderBy('seq').limit(p.limit);
};
type RecordItem = { type: string; id: string; institution_id: string; rev: number; deleted: number; data: string; seq: number; leder_visible: number };
type ReferenceItem = { kind: ReferenceKind; id: string; rev: number; data: string; seq: number };

// SQLite (in process, no round trip): one query each.
const countQuery = hotQuery((db, p: SqliteBounds & ScopeShape) => countSelect(db, p));
/**
 * SQLite's planner reads a LIMIT's value, so a statement whose LIMIT is a bound parameter is
 * prepared again on every run (each run binds it anew): measured on the 400,000-record bench
 * database, the reference query 66 → 33 µs, conflicts 20 → 3 µs, records 40 → 31 µs per run.
 * So the limit is written into the SQL: one set of statements per limit a client asks for (a
 * device always asks with the same one); a few kept, the oldest dropped.
 */
type SqliteBounds = { cursor: number; high: number };
type SqlitePage = ReturnType<typeof sqlitePageQueries>;
const sqlitePageQueries = (limit: number) => {
  const p = <T extends object>(q: T) => ({ ...q, limit: sql.lit(limit) });
  return {
    records: hotQuery((db, q: SqliteBounds & ScopeShape) => recordsSelect(db, p(q))),
    conflicts: hotQuery((db, q: SqliteBounds & ScopeShape) => conflictsSelect(db, p(q))),
    reference: hotQuery((db, q: SqliteBounds & ScopeShape & { institutions: boolean }) => referenceSelect(db, p(q))),
  };
};
const SQLITE_LIMITS_KEPT = 8;
const sqliteQueries = new Map<number, SqlitePage>();
function sqlitePage(limit: number): SqlitePage {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`pull limit ${limit}`);
  let page = sqliteQueries.get(limit);
  if (!page) {
    if (sqliteQueries.size >= SQLITE_LIMITS_KEPT) sqliteQueries.delete(sqliteQueries.keys().next().value!);
    page = sqlitePageQueries(limit);
    sqliteQueries.set(limit, page);
  }
  return page;
}

/**
 * PostgreSQL: the visible bound and the whole page in one round trip. `BOUND` (tilsyn_visible_seq,
 * db/sequence.ts) goes first in the same message sequence (db/pipeline.ts `lead`) and leaves the
 * bound in a setting; the page statement reads it (WATERMARK), each part a JSON array (and the count
 * when asked), and returns it as `high`. The page is a statement of its own after BOUND has run, so
 * in READ COMMITTED its snapshot is taken after the bound was read and sees every change numbered up
 * to it (all committed, or never will be): the cursor rule of docs/sync-protocol.md §4, as with the
 * separate round trips. Not in READ COMMITTED (a default_transaction_isolation of repeatable read
 * would take one snapshot before the bound) BOUND sets a text that fails the page's cast: an error,
 * never a page that skips. The setting lasts until the end of that transaction (the round trip's
 * Sync): a page statement sent without its BOUND fails on it, it never reads an old one. The same
 * two statements go after a push's COMMIT (`pullAfterCommit`).
 */
const BOUND = `select set_config('tilsyn.pull_high', case when current_setting('transaction_isolation') = 'read committed' then tilsyn_visible_seq()::text else 'pull needs read committed' end, true)`;
/**
 * Not in a subquery: the planner, planning the page with its values, reads the setting for its
 * estimates as it would a bound parameter (a first pull's whole range against a day's few numbers).
 */
const WATERMARK = sql<number>`current_setting('tilsyn.pull_high')::bigint`;
const none = sql<never[]>`'[]'::json`;
/**
 * A pull over at most this many sequence numbers (a day's sync) runs by the prepared statement and
 * may use its generic plan: that walks records_seq through the range, a few thousand index entries
 * at most. A wider range (a first pull, a device back after weeks) is planned with its values, as
 * the generic plan would walk most of the table for a user whose institutions are a small part of it.
 * The bound is read with the page, so the range is judged by the highest bound this process has
 * read (`seenHigh`; none yet: planned with its values).
 */
const PREPARED_RANGE = 5_000;
let seenHigh = 0;
const pageQuery = hotQuery((db, p: { cursor: number } & ScopeShape & { limit: number } & { records: boolean; conflicts: boolean; institutions: boolean; count: boolean }) => {
  const q = { ...p, high: WATERMARK };
  return db.selectNoFrom([
    (q.records ? jsonArrayFrom(recordsSelect(db, q)) : none).as('records'),
    (q.conflicts ? jsonArrayFrom(conflictsSelect(db, q)) : none).as('conflicts'),
    jsonArrayFrom(referenceSelect(db, q)).as('reference'),
    (q.count ? countSelect(db, q) : sql<number>`0`).as('total'),
    sql<number>`(select last_value from sync_seq)`.as('last'),
    WATERMARK.as('high'),
  ]);
},
  { prepared: (p) => seenHigh > 0 && seenHigh - p.cursor <= PREPARED_RANGE, lead: BOUND },
);

interface PageRows {
  records: readonly RecordItem[];
  conflicts: readonly ConflictRow[];
  reference: readonly ReferenceItem[];
  total: number;
  /** The page's upper bound. */
  high: number;
  /** PostgreSQL: the highest number handed out (committed or not); SQLite: the bound. */
  last: number;
}

type PageRow = { records: readonly RecordItem[]; conflicts: readonly ConflictRow[]; reference: readonly ReferenceItem[]; total: number | string; high: number | string; last: number | string };
type PgPage = Parameters<typeof pageQuery.execute>[1];

const pgParams = (scope: ReadScope, cursor: number, limit: number, count: boolean): PgPage => {
  const records = !isEmptyScope(scope);
  return { cursor, ...shapeOf(scope), limit: limit + 1, records, conflicts: records && seesConflicts(scope), institutions: records, count: count && records };
};
function pgRows(row: PageRow): PageRows {
  const high = Number(row.high);
  if (!Number.isSafeInteger(high)) throw new Error(`pull bound ${String(row.high)}`);
  if (high > seenHigh) seenHigh = high;
  return { records: row.records, conflicts: row.conflicts, reference: row.reference, total: Number(row.total), high, last: Number(row.last) };
}

async function readSqlitePage(db: Kysely<Database>, scope: ReadScope, bounds: { cursor: number; high: number }, limit: number, count: boolean): Promise<PageRows> {
  const p = { ...bounds, ...shapeOf(scope) };
  const records = !isEmptyScope(scope);
  const conflicts = records && seesConflicts(scope);
  const page = sqlitePage(limit + 1);
  return {
    records: records ? await page.records.execute(db, p) : [],
    conflicts: conflicts ? await page.conflicts.execute(db, p) : [],
    reference: await page.reference.execute(db, { ...p, institutions: records }),
    total: count && records ? Number((await countQuery.executeTakeFirst(db, p))?.n ?? 0) : 0,
    high: bounds.high,
    last: bounds.high,
  };
}

/** Where a pull starts: a cursor of another scope epoch starts over (reset). */
function startOf(user: AuthUser, query: PullQuery): { cursor: number; reset: boolean } {
  if (query.cursor > 0 && query.epoch !== undefined && query.epoch !== user.scopeEpoch) return { cursor: 0, reset: true };
  return { cursor: query.cursor, reset: false };
}

/**
 * GET /api/sync/pull: everything the user may see (visibility.ts) that changed after `cursor`, in
 * sequence order, at most `limit` items (records, institutions, frameworks and conflicts together).
 *
 * The upper bound is the sequence value read first: every change numbered up to it is committed
 * (writers commit in sequence order, see db/sequence.ts), so the cursor never skips a change that
 * commits later.
 */
export async function pullChanges(db: Kysely<Database>, user: AuthUser, query: PullQuery): Promise<PullResponse> {
  checkProtocolVersion(query.v);
  const scope = readScopeOf(user);
  const count = query.count === '1';
  let { cursor, reset } = startOf(user, query);
  if (isPostgres(db)) {
    const read = pgRows((await pageQuery.executeTakeFirst(db, pgParams(scope, cursor, query.limit, count))) as PageRow);
    const page = pgPageOf(user, query, scope, cursor, read, reset);
    if (page !== 'ahead') return page;
    // A cursor ahead of the server (a restored backup): from the beginning, as a new pull.
    return pageOf(user, query, scope, pgRows((await pageQuery.executeTakeFirst(db, pgParams(scope, 0, query.limit, count))) as PageRow), true);
  }
  const high = await currentSeq(db);
  if (cursor > high) {
    cursor = 0;
    reset = true;
  }
  return pageOf(user, query, scope, await readSqlitePage(db, scope, { cursor, high }, query.limit, count), reset);
}

/**
 * PostgreSQL, the first pull page of a push (docs/sync-protocol.md §3a), called inside the push's
 * transaction before its COMMIT: the bound and the page go out behind the COMMIT, in the same round
 * trip (db/pipeline.ts), and run after it. The COMMIT has then finished (the push's changes visible,
 * its writer registration released), so the page is the one GET /pull reads at that moment; a
 * COMMIT that fails skips them. `page` settles after the commit: the page, or undefined when it did
 * not go with the COMMIT (SQLite, TILSYN_DB_PIPELINE=0, a cursor ahead of the server): then ask
 * `pullChanges`. It fails when reading the page failed (the push is stored all the same).
 */
export async function pullAfterCommit(trx: Transaction<Database>, user: AuthUser, query: PullQuery): Promise<{ page: Promise<PullResponse | undefined> }> {
  if (!isPostgres(trx)) return { page: Promise.resolve(undefined) };
  checkProtocolVersion(query.v);
  const scope = readScopeOf(user);
  const { cursor, reset } = startOf(user, query);
  const { rows } = await pageQuery.afterCommit(trx, pgParams(scope, cursor, query.limit, query.count === '1'));
  const page = rows.then((r) => {
    if (!r) return undefined;
    const answer = pgPageOf(user, query, scope, cursor, pgRows(r[0] as PageRow), reset);
    return answer === 'ahead' ? undefined : answer;
  });
  page.catch(() => {});
  return { page };
}

/**
 * PostgreSQL: the answer from a page read from `cursor`, or 'ahead' when the cursor is above every
 * number handed out (a restored backup: start over). A cursor above the bound but not above those
 * numbers is not ahead: the bound can step back for a moment (a writer registers its lower bound
 * just after reading the sequence, so a reader in between got a higher, and safe, bound). Nothing
 * new yet: an empty page that keeps the cursor.
 */
function pgPageOf(user: AuthUser, query: PullQuery, scope: ReadScope, cursor: number, read: PageRows, reset: boolean): PullResponse | 'ahead' {
  if (cursor <= read.high) return pageOf(user, query, scope, read, reset);
  return cursor <= read.last ? pageOf(user, query, scope, { ...read, high: cursor }, reset) : 'ahead';
}

/** The answer of a pull from the page's rows. */
function pageOf(user: AuthUser, query: PullQuery, scope: ReadScope, read: PageRows, reset: boolean): PullResponse {
  const { high } = read;
  const limit = query.limit;
  const items: Item[] = [];
  for (const r of read.records) {
    // A blind set of someone else, not yet revealed: skipped (the cursor passes it; revealed, it takes a new seq).
    if (!blindRecordReadable(user, r.type, r.data)) {
      items.push({ kind: 'hidden', seq: r.seq });
      continue;
    }
    // Taken back from the leder (pulled back from høring, reopened for correction): named, never shown.
    const withdrawn = scope.lederVisibleOnly && r.leder_visible === LEDER_WITHDRAWN;
    const base = { seq: r.seq, recordType: r.type, recordId: r.id, institutionId: r.institution_id, rev: r.rev };
    items.push({
      kind: 'change',
      seq: r.seq,
      value: withdrawn
        ? { ...base, deleted: true, data: {}, withdrawn: true }
        : scope.lederVisibleOnly
          ? { ...base, deleted: r.deleted === 1, data: forLeder(r.type as RecordType, fromJsonObject(r.data)) }
          : changeWithStoredData({ ...base, deleted: r.deleted === 1 }, r.data),
    });
  }
  for (const r of read.conflicts) {
    if (blindConflictReadable(user, r.record_type, r.record_id)) items.push({ kind: 'conflict', seq: r.seq, value: conflictToWire(r) });
  }
  // Reference data and the user's institutions (referenceSelect).
  for (const r of read.reference) items.push({ kind: r.kind, seq: r.seq, value: { seq: r.seq, id: r.id, rev: r.rev, data: fromJsonObject(r.data) } });

  items.sort((a, b) => a.seq - b.seq);
  const hasMore = items.length > limit;
  const page = items.slice(0, limit);
  const nextCursor = hasMore ? page[page.length - 1]!.seq : high;

  const wireScope = { all: scope.all, institutionIds: [...scope.institutionIds], epoch: user.scopeEpoch, role: user.role };
  const response: PullResponse = { changes: [], institutions: [], frameworks: [], goals: [], tilsynsrammer: [], conflicts: [], scope: wireScope, reset, nextCursor, hasMore };
  // "Henter 12.400 af 40.000": the client asks on a pull's first page only (one indexed count, read with the page).
  if (query.count === '1') response.total = read.total;
  for (const item of page) {
    if (item.kind === 'change') response.changes.push(item.value);
    else if (item.kind === 'institution') response.institutions.push(item.value);
    else if (item.kind === 'framework') response.frameworks.push(item.value);
    else if (item.kind === 'goal') response.goals.push(item.value);
    else if (item.kind === 'tilsynsramme') response.tilsynsrammer.push(item.value);
    else if (item.kind === 'conflict') response.conflicts.push(item.value);
  }
  return response;
}
