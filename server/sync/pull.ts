import { sql, type Kysely } from 'kysely';
import { type Change, type Conflict, type PullQuery, type PullResponse, type ReferenceChange } from '../../shared/sync/wire';
import type { RecordType } from '../../shared/records';
import type { AuthUser } from '../auth/tokens';
import { fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { hotQuery } from '../db/compiled';
import { currentSeq } from '../db/sequence';
import { conflictToWire, selectConflicts } from './conflicts';
import { checkProtocolVersion } from './protocolVersion';
import { changeWithStoredData } from './pullJson';
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

// A pull's queries, compiled once per shape (every sync sends them; db/compiled.ts).
const recordsQuery = hotQuery((db, p: Bounds & ScopeShape & { limit: number }) =>
  recordsWithin(db.selectFrom('records').select(['type', 'id', 'institution_id', 'rev', 'deleted', 'data', 'seq', 'leder_visible']).where('seq', '>', p.cursor).where('seq', '<=', p.high), scopeOf(p), { withdrawn: true })
    .orderBy('seq')
    .limit(p.limit),
);
const countQuery = hotQuery((db, p: Bounds & ScopeShape) =>
  recordsWithin(db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>', p.cursor).where('seq', '<=', p.high), scopeOf(p), { withdrawn: true }),
);
const conflictsQuery = hotQuery((db, p: Bounds & ScopeShape & { limit: number }) =>
  conflictsWithin(selectConflicts(db).where('conflicts.seq', '>', p.cursor).where('conflicts.seq', '<=', p.high), scopeOf(p))
    .orderBy('conflicts.seq')
    .limit(p.limit),
);
// Reference data in one query: the institutions the user may see (`institutions`: unless the scope
// is empty), and what is the same for everyone: framework versions, the municipal goals
// (server/admin/goals.ts) and the tilsynsramme's gældende versions (a kladde is forvaltning's work
// in progress; it takes a new sequence number when it becomes gældende, so the pull that follows
// carries it). The limit applies to them together (the page is the lowest `limit` numbers of every
// kind, so the lowest `limit + 1` of these are enough).
const referenceQuery = hotQuery((db, p: Bounds & ScopeShape & { institutions: boolean; limit: number }) => {
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
});

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

  const items: Item[] = [];
  if (!isEmptyScope(scope)) {
    for (const r of await recordsQuery.execute(db, { ...bounds, ...shapeOf(scope), limit: limit + 1 })) {
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

    if (seesConflicts(scope)) {
      for (const r of await conflictsQuery.execute(db, { ...bounds, ...shapeOf(scope), limit: limit + 1 })) {
        if (blindConflictReadable(user, r.record_type, r.record_id)) items.push({ kind: 'conflict', seq: r.seq, value: conflictToWire(r) });
      }
    }
  }
  // Reference data and the user's institutions in one query (referenceQuery).
  const reference = await referenceQuery.execute(db, { ...bounds, ...shapeOf(scope), institutions: !isEmptyScope(scope), limit: limit + 1 });
  for (const r of reference) items.push({ kind: r.kind, seq: r.seq, value: { seq: r.seq, id: r.id, rev: r.rev, data: fromJsonObject(r.data) } });

  items.sort((a, b) => a.seq - b.seq);
  const hasMore = items.length > limit;
  const page = items.slice(0, limit);
  const nextCursor = hasMore ? page[page.length - 1]!.seq : high;

  const wireScope = { all: scope.all, institutionIds: [...scope.institutionIds], epoch: user.scopeEpoch, role: user.role };
  const response: PullResponse = { changes: [], institutions: [], frameworks: [], goals: [], tilsynsrammer: [], conflicts: [], scope: wireScope, reset, nextCursor, hasMore };
  // "Henter 12.400 af 40.000": the client asks on a pull's first page only (one indexed count).
  if (query.count === '1') {
    const counted = isEmptyScope(scope)
      ? { n: 0 }
      : await countQuery.executeTakeFirst(db, { ...bounds, ...shapeOf(scope) });
    response.total = Number(counted?.n ?? 0);
  }
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
