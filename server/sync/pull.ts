import { sql, type Kysely, type RawBuilder } from 'kysely';
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
type Bounds = { cursor: number; high: number };

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
const countQuery = hotQuery(countSelect);
/**
 * SQLite's planner reads a LIMIT's value, so a statement whose LIMIT is a bound parameter is
 * prepared again on every run (each run binds it anew): measured on the 400,000-record bench
 * database, the reference query 66 → 33 µs, conflicts 20 → 3 µs, records 40 → 31 µs per run.
 * So the limit is written into the SQL: one set of statements per limit a client asks for (a
 * device always asks with the same one); a few kept, the oldest dropped.
 */
type SqlitePage = ReturnType<typeof sqlitePageQueries>;
const sqlitePageQueries = (limit: number) => {
  const p = <T extends object>(q: T) => ({ ...q, limit: sql.lit(limit) });
  return {
    records: hotQuery((db, q: Bounds & ScopeShape) => recordsSelect(db, p(q))),
    conflicts: hotQuery((db, q: Bounds & ScopeShape) => conflictsSelect(db, p(q))),
    reference: hotQuery((db, q: Bounds & ScopeShape & { institutions: boolean }) => referenceSelect(db, p(q))),
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
 * PostgreSQL: the whole page in one statement, each part a JSON array (and the count when asked):
 * one round trip instead of four. Its parts read one snapshot, taken after `high` was read, so the
 * cursor rule holds as with the separate queries (every change numbered up to `high` is committed).
 */
const none = sql<never[]>`'[]'::json`;
/**
 * A pull over at most this many sequence numbers (a day's sync) runs by the prepared statement and
 * may use its generic plan: that walks records_seq through the range, a few thousand index entries
 * at most. A wider range (a first pull, a device back after weeks) is planned with its values, as
 * the generic plan would walk most of the table for a user whose institutions are a small part of it.
 */
const PREPARED_RANGE = 5_000;
const pageQuery = hotQuery((db, p: Bounds & ScopeShape & { limit: number } & { records: boolean; conflicts: boolean; institutions: boolean; count: boolean }) =>
  db.selectNoFrom([
    (p.records ? jsonArrayFrom(recordsSelect(db, p)) : none).as('records'),
    (p.conflicts ? jsonArrayFrom(conflictsSelect(db, p)) : none).as('conflicts'),
    jsonArrayFrom(referenceSelect(db, p)).as('reference'),
    (p.count ? countSelect(db, p) : sql<number>`0`).as('total'),
  ]),
  { prepared: (p) => p.high - p.cursor <= PREPARED_RANGE },
);

interface PageRows {
  records: readonly RecordItem[];
  conflicts: readonly ConflictRow[];
  reference: readonly ReferenceItem[];
  total: number;
}

async function readPage(db: Kysely<Database>, scope: ReadScope, bounds: Bounds, limit: number, count: boolean): Promise<PageRows> {
  const p = { ...bounds, ...shapeOf(scope), limit: limit + 1 };
  const records = !isEmptyScope(scope);
  const conflicts = records && seesConflicts(scope);
  if (isPostgres(db)) {
    const row = (await pageQuery.executeTakeFirst(db, { ...p, records, conflicts, institutions: records, count: count && records }))!;
    return { records: row.records, conflicts: row.conflicts, reference: row.reference, total: Number(row.total) };
  }
  const { limit: pageLimit, ...q } = p;
  const page = sqlitePage(pageLimit);
  return {
    records: records ? await page.records.execute(db, q) : [],
    conflicts: conflicts ? await page.conflicts.execute(db, q) : [],
    reference: await page.reference.execute(db, { ...q, institutions: records }),
    total: count && records ? Number((await countQuery.executeTakeFirst(db, q))?.n ?? 0) : 0,
  };
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
  const high = await currentSeq(db);
  let cursor = query.cursor;
  let reset = false;
  if (cursor > 0 && ((query.epoch !== undefined && query.epoch !== user.scopeEpoch) || cursor > high)) {
    cursor = 0;
    reset = true;
  }
  const limit = query.limit;
  const scope = readScopeOf(user);
  const bounds = { cursor, high };

  const read = await readPage(db, scope, bounds, limit, query.count === '1');
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
