import { uuidv7 } from '../../shared/ids';
import { SYSTEM_FIELDS, type RecordType } from '../../shared/records';
import type { Conflict, Mutation } from '../../shared/sync/wire';
import { fromJsonObject, toJson } from '../db/json';
import { hotQuery } from '../db/compiled';
import { isPostgres } from '../db/sequence';
import type { BatchState } from './batchState';
import { conflictToWire, selectConflicts } from './conflicts';
import type { FieldConflict } from './merge';
import { isSchemaDefault, isTombstone, own, type FieldRevs, type RecordRow } from './records';
import { LEDER_ALWAYS_VISIBLE_TYPES, LEDER_NEVER_VISIBLE_TYPES, LEDER_HIDDEN, LEDER_VISIBLE, childLederVisibility, inspectionLederVisibility, isLederVisibleStatus } from './visibility';

/** The "store" stage of a push: writes the judged and merged change. */

const SYSTEM = new Set<string>(SYSTEM_FIELDS);

/**
 * The fields a record's creator wrote, for the merge: every field but the bookkeeping and those
 * holding their schema default. A default is what a device sends for a field nobody typed in, so
 * it gives way to a value another device typed (docs/sync-protocol.md §3, "defaults give way").
 */
export function creatorFieldRevs(type: RecordType, data: Readonly<Record<string, unknown>>, clientId: string): FieldRevs {
  const revs: FieldRevs = {};
  for (const [k, v] of Object.entries(data)) if (!SYSTEM.has(k) && !isSchemaDefault(type, k, v)) revs[k] = [1, clientId];
  return revs;
}

export interface Placement {
  institutionId: string;
  inspectionId: string;
  lederVisible: number;
}

/** Where a new record lives: an inspection in its institution; a child record with its inspection. */
export function placementOf(type: RecordType, id: string, data: Readonly<Record<string, unknown>>, parent?: { id: string; institutionId: string; lederVisible: number }): Placement {
  if (type === 'inspection') return { institutionId: String(data.institutionId), inspectionId: id, lederVisible: isLederVisibleStatus(data.status) ? LEDER_VISIBLE : LEDER_HIDDEN };
  if (!parent) throw new Error(`${type} ${id}: the inspection is needed`);
  return { institutionId: parent.institutionId, inspectionId: parent.id, lederVisible: childLederVisibility(type, parent.lederVisible) };
}

export async function insertRecord(state: BatchState, m: Mutation, data: Record<string, unknown>, where: Placement): Promise<void> {
  const row: RecordRow = {
    type: m.recordType,
    id: m.recordId,
    institution_id: where.institutionId,
    inspection_id: where.inspectionId,
    data: toJson(data),
    field_revs: toJson(creatorFieldRevs(m.recordType, data, state.clientId)),
    rev: 1,
    deleted: isTombstone(m.recordType, data) ? 1 : 0,
    leder_visible: where.lederVisible,
    updated_at: state.now,
    seq: await state.seq.take(),
  };
  state.queueInsert(row);
  state.remember(m.recordType, m.recordId, row);
  state.revision(m, 1, row.data);
}

/** SQLite: a push's change of a record, compiled once (db/compiled.ts). */
const updateQuery = hotQuery((db, p: { data: string; field_revs: string; rev: number; deleted: number; leder_visible: number; updated_at: string; seq: number; type: string; id: string }) => {
  const { type, id, ...changes } = p;
  return db.updateTable('records').set(changes).where('type', '=', type).where('id', '=', id);
});

/** Write the merged record as revision `row.rev + 1`; the fields in `applied` are now this client's. */
export async function updateRecord(state: BatchState, m: Mutation, row: RecordRow, next: Record<string, unknown>, applied: readonly string[]): Promise<number> {
  const rev = row.rev + 1;
  const fieldRevs = new Map(Object.entries(fromJsonObject(row.field_revs) as FieldRevs));
  for (const f of applied) fieldRevs.set(f, [rev, state.clientId]);
  const lederVisible = m.recordType === 'inspection' ? inspectionLederVisibility(next.status, row.leder_visible) : row.leder_visible;
  const changes = {
    data: toJson(next),
    field_revs: toJson(Object.fromEntries(fieldRevs)),
    rev,
    deleted: isTombstone(m.recordType, next) ? 1 : 0,
    leder_visible: lederVisible,
    updated_at: state.now,
    seq: await state.seq.take(),
  };
  const written = { ...row, ...changes };
  // PostgreSQL: written with the batch's other rows in one statement (BatchState.flush); SQLite
  // (in process, no round trip) at once.
  if (isPostgres(state.trx)) state.queueUpdate(written);
  else {
    await state.settle();
    await updateQuery.execute(state.trx, { ...changes, type: m.recordType, id: m.recordId });
  }
  state.remember(m.recordType, m.recordId, written);
  state.revision(m, rev, changes.data);
  if (m.recordType === 'inspection' && lederVisible !== row.leder_visible) await restampChildren(state, m.recordId, lederVisible);
  return rev;
}

/**
 * An inspection sent to høring becomes visible to the institution's leder, with its child records:
 * they get new sequence numbers, so a leder's pull (already past their old numbers) delivers them.
 * Taken back (pulled back from høring, reopened for correction), they are marked withdrawn the same
 * way. Report versions and follow-up items stay visible throughout.
 */
async function restampChildren(state: BatchState, inspectionId: string, lederVisible: number): Promise<void> {
  await state.settle();
  const children = await state.trx
    .selectFrom('records')
    .select(['type', 'id'])
    .where('inspection_id', '=', inspectionId)
    .where('type', '!=', 'inspection')
    .where('type', 'not in', [...LEDER_ALWAYS_VISIBLE_TYPES, ...LEDER_NEVER_VISIBLE_TYPES])
    .orderBy('seq')
    .execute();
  for (const c of children) {
    await state.trx.updateTable('records').set({ leder_visible: lederVisible, seq: await state.seq.take() }).where('type', '=', c.type).where('id', '=', c.id).execute();
    state.remember(c.type, c.id, null);
  }
}

/**
 * One open conflict per (record, field, client): a later change of the same field from the same
 * client updates the open conflict's value instead of adding another.
 */
export async function storeConflicts(state: BatchState, m: Mutation, row: RecordRow, serverRev: number, found: readonly FieldConflict[]): Promise<Conflict[]> {
  const baseData = m.baseRev > 0 ? await state.revisionData(m.recordType, m.recordId, m.baseRev) : undefined;
  const base = baseData === undefined ? null : fromJsonObject(baseData);
  const ids: string[] = [];
  for (const c of found) {
    const baseValue = base && Object.hasOwn(base, c.field) ? toJson(own(base, c.field)) : null;
    const open = await state.trx
      .selectFrom('conflicts')
      .select('id')
      .where('record_type', '=', m.recordType)
      .where('record_id', '=', m.recordId)
      .where('field', '=', c.field)
      .where('client_id', '=', state.clientId)
      .where('resolved_at', 'is', null)
      // A conflict this very mutation settles is closed below; a new disagreement gets its own row.
      .$if((m.resolvesConflicts?.length ?? 0) > 0, (q) => q.where('id', 'not in', m.resolvesConflicts!))
      .executeTakeFirst();
    const values = {
      server_value: toJson(c.serverValue ?? null),
      client_value: toJson(c.clientValue ?? null),
      server_rev: serverRev,
      mutation_id: m.mutationId,
      user_id: state.user.id,
      seq: await state.seq.take(),
    };
    if (open) {
      await state.trx.updateTable('conflicts').set(values).where('id', '=', open.id).execute();
      ids.push(open.id);
    } else {
      const id = uuidv7();
      await state.trx
        .insertInto('conflicts')
        .values({
          id,
          record_type: m.recordType,
          record_id: m.recordId,
          institution_id: row.institution_id,
          field: c.field,
          base_value: baseValue,
          client_id: state.clientId,
          created_at: state.now,
          resolved_at: null,
          resolved_by: null,
          resolution_mutation_id: null,
          ...values,
        })
        .execute();
      ids.push(id);
    }
  }
  const rows = await selectConflicts(state.trx).where('conflicts.id', 'in', ids).execute();
  return ids.map((id) => conflictToWire(rows.find((r) => r.id === id)!));
}

/** A mutation that settles conflicts marks them resolved (already resolved ones stay as they were). */
export async function resolveConflicts(state: BatchState, m: Mutation): Promise<void> {
  for (const id of m.resolvesConflicts ?? []) {
    await state.trx
      .updateTable('conflicts')
      .set({ resolved_at: state.now, resolved_by: state.user.id, resolution_mutation_id: m.mutationId, seq: await state.seq.take() })
      .where('id', '=', id)
      .where('resolved_at', 'is', null)
      .execute();
  }
}
