import type { Mutation, PushResult, RecordSnapshot } from '../../shared/sync/wire';
import { hotQuery } from '../db/compiled';
import { fromJson, toJson } from '../db/json';
import { HttpError } from '../errors';
import { rowKey, type BatchState } from './batchState';
import { conflictToWire, selectConflicts } from './conflicts';
import { stateOf } from './records';
import { canSeeRecord } from './visibility';

/** Compiled once per number of ids (db/compiled.ts). */
const storedQuery = hotQuery((db, p: { clientId: string; ids: readonly string[] }) => db.selectFrom('mutations').select(['mutation_id', 'user_id', 'result']).where('client_id', '=', p.clientId).where('mutation_id', 'in', p.ids));

/** The "answer" stage of a push: stored results (idempotency) and the server's copy of each record named. */

/**
 * The results already stored for these mutation ids of this client, with their conflicts as they
 * are now (someone may have resolved them since). An id stored for another user is a 409.
 */
export async function storedResults(state: BatchState, ids: readonly string[], preread?: readonly { mutation_id: string; user_id: string; result: string }[]): Promise<Map<string, PushResult>> {
  // `preread`: already read with the push's other reads (PostgreSQL, db/pushLoad.ts).
  const rows = preread ?? (await storedQuery.execute(state.trx, { clientId: state.clientId, ids: [...ids] }));
  const map = new Map<string, PushResult>();
  for (const r of rows) {
    if (r.user_id !== state.user.id) throw new HttpError(409, `Ændringen ${r.mutation_id} er allerede modtaget fra en anden bruger`, { code: 'anden_bruger' });
    map.set(r.mutation_id, fromJson<PushResult>(r.result));
  }
  const conflictIds = [...map.values()].flatMap((r) => r.conflicts.map((c) => c.id));
  if (conflictIds.length > 0) {
    const current = new Map((await selectConflicts(state.trx).where('conflicts.id', 'in', conflictIds).execute()).map((c) => [c.id, c]));
    for (const [id, result] of map) {
      map.set(id, { ...result, conflicts: result.conflicts.map((c) => (current.has(c.id) ? conflictToWire(current.get(c.id)!) : c)) });
    }
  }
  return map;
}

/** Remembered so that a retry gets the same answer. */
export function recordResult(state: BatchState, m: Mutation, result: PushResult): void {
  state.mutationRows.push({
    client_id: state.clientId,
    mutation_id: m.mutationId,
    user_id: state.user.id,
    record_type: m.recordType,
    record_id: m.recordId,
    status: result.status,
    result: toJson(result),
    created_at: state.now,
  });
}

/** The server's copy of each record the mutations name, as this user may see it. */
export async function snapshots(state: BatchState, mutations: readonly Mutation[]): Promise<RecordSnapshot[]> {
  const seen = new Set<string>();
  const out: RecordSnapshot[] = [];
  for (const m of mutations) {
    const k = rowKey(m.recordType, m.recordId);
    if (seen.has(k)) continue;
    seen.add(k);
    const row = await state.row(m.recordType, m.recordId);
    out.push({ recordType: m.recordType, recordId: m.recordId, state: row && canSeeRecord(state.user, row) ? stateOf(row) : null });
  }
  return out;
}
