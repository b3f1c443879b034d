import type { Kysely } from 'kysely';
import type { Change, Conflict, PullQuery, PullResponse, ReferenceChange } from '../../shared/sync/wire';
import type { AuthUser } from '../auth/tokens';
import { fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { currentSeq } from '../db/sequence';
import { conflictToWire, selectConflicts } from './conflicts';
import { LEDER_VISIBLE, LEDER_WITHDRAWN } from './visibility';

type Item =
  | { kind: 'change'; seq: number; value: Change }
  | { kind: 'institution'; seq: number; value: ReferenceChange }
  | { kind: 'framework'; seq: number; value: ReferenceChange }
  | { kind: 'conflict'; seq: number; value: Conflict };

/**
 * GET /api/sync/pull: everything the user may see that changed after `cursor`, in sequence order,
 * at most `limit` items (records, institutions, frameworks and conflicts together).
 *
 * The upper bound is the sequence value read first: every change numbered up to it is committed
 * (writers commit in sequence order, see db/sequence.ts), so the cursor never skips a change that
 * commits later.
 */
export async function pullChanges(db: Kysely<Database>, user: AuthUser, query: PullQuery): Promise<PullResponse> {
  const high = await currentSeq(db);
  let cursor = query.cursor;
  let reset = false;
  if (cursor > 0 && ((query.epoch !== undefined && query.epoch !== user.scopeEpoch) || cursor > high)) {
    cursor = 0;
    reset = true;
  }
  const limit = query.limit;
  const all = user.role === 'forvaltning';
  const ids = user.institutionIds;
  const scope = { all, institutionIds: all ? [] : ids, epoch: user.scopeEpoch };
  const nothing = !all && ids.length === 0;

  const items: Item[] = [];
  if (!nothing) {
    let records = db
      .selectFrom('records')
      .select(['type', 'id', 'institution_id', 'rev', 'deleted', 'data', 'seq', 'leder_visible'])
      .where('seq', '>', cursor)
      .where('seq', '<=', high);
    if (!all) records = records.where('institution_id', 'in', ids);
    const leder = user.role === 'leder';
    if (leder) records = records.where('leder_visible', 'in', [LEDER_VISIBLE, LEDER_WITHDRAWN]);
    for (const r of await records.orderBy('seq').limit(limit + 1).execute()) {
      // Taken back from the leder (pulled back from høring, reopened for correction): named, never shown.
      const withdrawn = leder && r.leder_visible === LEDER_WITHDRAWN;
      items.push({
        kind: 'change',
        seq: r.seq,
        value: withdrawn
          ? { seq: r.seq, recordType: r.type, recordId: r.id, institutionId: r.institution_id, rev: r.rev, deleted: true, data: {}, withdrawn: true }
          : { seq: r.seq, recordType: r.type, recordId: r.id, institutionId: r.institution_id, rev: r.rev, deleted: r.deleted === 1, data: fromJsonObject(r.data) },
      });
    }

    let institutions = db.selectFrom('institutions').select(['id', 'rev', 'data', 'seq']).where('seq', '>', cursor).where('seq', '<=', high);
    if (!all) institutions = institutions.where('id', 'in', ids);
    for (const r of await institutions.orderBy('seq').limit(limit + 1).execute()) {
      items.push({ kind: 'institution', seq: r.seq, value: { seq: r.seq, id: r.id, rev: r.rev, data: fromJsonObject(r.data) } });
    }

    if (user.role !== 'leder') {
      let conflicts = selectConflicts(db).where('conflicts.seq', '>', cursor).where('conflicts.seq', '<=', high);
      if (!all) conflicts = conflicts.where('conflicts.institution_id', 'in', ids);
      for (const r of await conflicts.orderBy('conflicts.seq').limit(limit + 1).execute()) {
        items.push({ kind: 'conflict', seq: r.seq, value: conflictToWire(r) });
      }
    }
  }
  // Frameworks are the same for everyone.
  const frameworks = await db.selectFrom('frameworks').select(['id', 'version', 'data', 'seq']).where('seq', '>', cursor).where('seq', '<=', high).orderBy('seq').limit(limit + 1).execute();
  for (const r of frameworks) items.push({ kind: 'framework', seq: r.seq, value: { seq: r.seq, id: r.id, rev: r.version, data: fromJsonObject(r.data) } });

  items.sort((a, b) => a.seq - b.seq);
  const hasMore = items.length > limit;
  const page = items.slice(0, limit);
  const nextCursor = hasMore ? page[page.length - 1]!.seq : high;

  const response: PullResponse = { changes: [], institutions: [], frameworks: [], conflicts: [], scope, reset, nextCursor, hasMore };
  for (const item of page) {
    if (item.kind === 'change') response.changes.push(item.value);
    else if (item.kind === 'institution') response.institutions.push(item.value);
    else if (item.kind === 'framework') response.frameworks.push(item.value);
    else response.conflicts.push(item.value);
  }
  return response;
}
