import { sql, type Insertable, type Transaction } from 'kysely';
import type { Framework } from '../../shared/framework';
import type { Actor } from '../../shared/rules';
import type { Mutation } from '../../shared/sync/wire';
import type { AuthUser } from '../auth/tokens';
import { MUTATION_COLUMNS, RECORD_COLUMNS, REVISION_COLUMNS, executeDeferred, executePrepared, hotQuery, insertRows } from '../db/compiled';
import { fromJson } from '../db/json';
import type { Database, MutationsTable, RecordRevisionsTable } from '../db/schema';
import { loadForPush, type PushLoad } from '../db/pushLoad';
import { isPostgres, type SeqAllocator } from '../db/sequence';
import { getRecordRow, type RecordRow } from './records';
import { readScopeOf } from './visibility';

const INSERT_CHUNK = 100;
/**
 * PostgreSQL: a push's changed records (queueUpdate) written in one UPDATE. The keys are named as
 * arrays too, so the records are found by their key's index whatever the planner thinks of the
 * JSON rows (it guesses 100 of them, and on a small table would rather join the whole index).
 */
const updateRecords = (rows: readonly RecordRow[]) => sql`
  update records set data = u.data, field_revs = u.field_revs, rev = u.rev, deleted = u.deleted, leder_visible = u.leder_visible, updated_at = u.updated_at, seq = u.seq
  from json_populate_recordset(null::records, ${JSON.stringify(rows)}::json) u
  where records.type = any(${[...new Set(rows.map((r) => r.type))]}::text[]) and records.id = any(${rows.map((r) => r.id)}::text[]) and records.type = u.type and records.id = u.id`;
/** Compiled once per number of types and ids (db/compiled.ts). */
const recordsByKeyQuery = hotQuery((db, p: { types: readonly string[]; ids: readonly string[] }) => db.selectFrom('records').selectAll().where('type', 'in', p.types).where('id', 'in', p.ids));
/** One key per record: type and id. */
export const rowKey = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * The "load" stage of a push: what one batch reads and has written so far, inside its transaction.
 * Every later mutation of the batch is judged against the records as the earlier ones left them
 * (the row cache is updated by every write), never against the state before the batch.
 */
export class BatchState {
  private readonly rows = new Map<string, RecordRow | null>();
  private readonly frameworks = new Map<string, Framework | null>();
  private readonly institutions = new Map<string, boolean>();
  /** Records whose creation this batch rejected: a later change to them is rejected as well. */
  private readonly rejectedCreations = new Set<string>();
  readonly mutationRows: Insertable<MutationsTable>[] = [];
  /** New records not yet written: they go with the batch's other rows in `flush` (or `settle` before a query that must see them). */
  private readonly pendingRecords: RecordRow[] = [];
  /**
   * PostgreSQL: records changed but not yet written (key → the whole row as it is to be), written
   * with the batch's other rows in `flush` (or `settle`). A change to a record still pending as new
   * changes that pending row instead, so an UPDATE only ever meets a row that was there before.
   */
  private readonly pendingUpdates = new Map<string, RecordRow>();
  readonly revisionRows: Insertable<RecordRevisionsTable>[] = [];
  /** The double-scoring sampler's random source (server/calibration/sampling.ts); tests seed it. */
  random: () => number = Math.random;

  constructor(
    readonly trx: Transaction<Database>,
    readonly seq: SeqAllocator,
    readonly user: AuthUser,
    readonly clientId: string,
    readonly now: string,
  ) {}

  /** The user as the shared judge sees them. */
  get actor(): Actor {
    const scope = readScopeOf(this.user);
    return { role: this.user.role, institutionIds: scope.all ? 'all' : scope.institutionIds, userId: this.user.id };
  }

  /**
   * SQLite (one writer at a time, nothing to lock): read every record the batch names (and their
   * inspections) by the primary key (type, id), one query per 500 ids; looking up by id alone would
   * scan the table.
   */
  async prefetch(mutations: readonly Mutation[]): Promise<void> {
    const byType = new Map<string, Set<string>>();
    const add = (type: string, id: string) => {
      if (!byType.has(type)) byType.set(type, new Set());
      byType.get(type)!.add(id);
    };
    for (const m of mutations) {
      add(m.recordType, m.recordId);
      if (typeof m.fields.inspectionId === 'string') add('inspection', m.fields.inspectionId);
    }
    for (const r of await this.load(byType)) this.rows.set(rowKey(r.type, r.id), r);
    for (const [type, ids] of byType) for (const id of ids) if (!this.rows.has(rowKey(type, id))) this.rows.set(rowKey(type, id), null);
  }

  /**
   * PostgreSQL, where pushes run side by side: the records the batch names read FOR UPDATE, the
   * inspections first and then their child records, each in key order, so two pushes that touch the
   * same inspection queue on it (and never deadlock) while pushes of other inspections go on. Every
   * child record is written under its inspection's lock. With the writer's registration, the stored
   * results and the inspections' double scorings (a themeScore's judge reads them), in one round
   * trip (server/db/pushLoad.ts). Returns the stored result rows for `storedResults`.
   */
  async prefetchLocked(mutations: readonly Mutation[], reserve: number): Promise<PushLoad['stored']> {
    const keys = new Map<string, readonly [string, string]>();
    const add = (type: string, id: string) => keys.set(rowKey(type, id), [type, id]);
    for (const m of mutations) {
      add(m.recordType, m.recordId);
      if (typeof m.fields.inspectionId === 'string') add('inspection', m.fields.inspectionId);
    }
    const loaded = await loadForPush(this.trx, this.seq, reserve, this.clientId, [...new Set(mutations.map((m) => m.mutationId))], [...keys.values()]);
    for (const r of [...loaded.rows, ...loaded.scorings]) this.rows.set(rowKey(r.type, r.id), r);
    for (const [key] of keys) if (!this.rows.has(key)) this.rows.set(key, null);
    for (const id of loaded.inspectionIds) {
      if (!this.rows.has(rowKey('inspection', id))) this.rows.set(rowKey('inspection', id), null);
      if (!this.rows.has(rowKey('dobbeltscoring', id))) this.rows.set(rowKey('dobbeltscoring', id), null);
    }
    return loaded.stored;
  }

  /**
   * The records of these (type → ids), every type in one query per 500 ids (`type in … and id in …`,
   * on the key's index; a row of another named type with the same id is read along and dropped).
   */
  private async load(wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<RecordRow[]> {
    const types = [...wanted.keys()].sort();
    const list = [...new Set([...wanted.values()].flatMap((ids) => [...ids]))].sort();
    const out: RecordRow[] = [];
    for (let i = 0; i < list.length; i += 500) {
      for (const r of await recordsByKeyQuery.execute(this.trx, { types, ids: list.slice(i, i + 500) })) if (wanted.get(r.type)?.has(r.id)) out.push(r);
    }
    return out;
  }

  async row(type: string, id: string): Promise<RecordRow | undefined> {
    const key = rowKey(type, id);
    if (!this.rows.has(key)) {
      await this.settle();
      this.rows.set(key, (await getRecordRow(this.trx, type, id)) ?? null);
    }
    return this.rows.get(key) ?? undefined;
  }

  /** After a write: later mutations of the batch see this row. `null` forgets it (read again when needed). */
  remember(type: string, id: string, row: RecordRow | null): void {
    if (row) this.rows.set(rowKey(type, id), row);
    else this.rows.delete(rowKey(type, id));
  }

  rejectCreation(type: string, id: string): void {
    this.rejectedCreations.add(rowKey(type, id));
  }

  creationWasRejected(type: string, id: string): boolean {
    return this.rejectedCreations.has(rowKey(type, id));
  }

  async framework(id: string): Promise<Framework | null> {
    if (!this.frameworks.has(id)) {
      const found = await this.trx.selectFrom('frameworks').select('data').where('id', '=', id).executeTakeFirst();
      this.frameworks.set(id, found ? fromJson<Framework>(found.data) : null);
    }
    return this.frameworks.get(id) ?? null;
  }

  async institutionExists(id: string): Promise<boolean> {
    if (!this.institutions.has(id)) {
      const found = await this.trx.selectFrom('institutions').select('id').where('id', '=', id).executeTakeFirst();
      this.institutions.set(id, !!found);
    }
    return this.institutions.get(id)!;
  }

  /** Written at the end of the batch, in a few multi-row inserts. */
  revision(m: Mutation, rev: number, data: string): void {
    this.revisionRows.push({ type: m.recordType, id: m.recordId, rev, data, client_id: this.clientId, user_id: this.user.id, mutation_id: m.mutationId, created_at: this.now });
  }

  /** The revision `rev` of a record as stored, also when this batch wrote it. */
  async revisionData(type: string, id: string, rev: number): Promise<string | undefined> {
    const pending = this.revisionRows.find((r) => r.type === type && r.id === id && r.rev === rev);
    if (pending) return pending.data;
    const found = await this.trx.selectFrom('record_revisions').select('data').where('type', '=', type).where('id', '=', id).where('rev', '=', rev).executeTakeFirst();
    return found?.data;
  }

  /**
   * A new record, written later with the others (one statement per batch on PostgreSQL). It is in
   * the row cache at once; a query that reads `records` by anything but `row()` must call
   * `settle()` first, and so must an UPDATE of `records`.
   */
  queueInsert(row: RecordRow): void {
    this.pendingRecords.push(row);
  }

  /**
   * PostgreSQL: a changed record (`row` whole, as it is to be), written later with the others in one
   * statement (`flush`): each UPDATE was a round trip of its own. Same rule as `queueInsert`: a query
   * that reads `records` by anything but `row()`, or writes it, calls `settle()` first.
   */
  queueUpdate(row: RecordRow): void {
    const key = rowKey(row.type, row.id);
    const pending = this.pendingRecords.findIndex((r) => r.type === row.type && r.id === row.id);
    if (pending >= 0) this.pendingRecords[pending] = row;
    else this.pendingUpdates.set(key, row);
  }

  /** Writes the queued new and changed records now: the next query sees them. */
  async settle(): Promise<void> {
    if (this.pendingRecords.length > 0) {
      const rows = this.pendingRecords.splice(0);
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insertRows(this.trx, 'records', RECORD_COLUMNS, rows.slice(i, i + INSERT_CHUNK));
    }
    if (this.pendingUpdates.size > 0) {
      const rows = [...this.pendingUpdates.values()];
      this.pendingUpdates.clear();
      await executePrepared(this.trx, updateRecords(rows));
    }
  }

  /**
   * The batch's rows: new records, changed records, revisions, stored results. PostgreSQL: one call
   * for all four (rows as JSON, expanded by json_populate_recordset: one round trip, however many rows).
   */
  async flush(): Promise<void> {
    if (isPostgres(this.trx)) {
      const rows = this.pendingRecords.splice(0);
      const updates = [...this.pendingUpdates.values()];
      this.pendingUpdates.clear();
      if (rows.length + updates.length + this.revisionRows.length + this.mutationRows.length === 0) return;
      const json = (x: unknown[]) => JSON.stringify(x);
      // Written in four statements of a function (migration 1100), each planned once per connection;
      // the UPDATE meets only records that were there before (queueUpdate folds a change to a new
      // record into its insert). Sent with the COMMIT, in one round trip (db/pipeline.ts): nothing
      // of the push reads the database after this (a later read would take it along first).
      await executeDeferred(
        this.trx,
        sql`select tilsyn_push_store(${json(rows)}::json, ${json(updates)}::json, ${[...new Set(updates.map((r) => r.type))]}::text[], ${updates.map((r) => r.id)}::text[], ${json(this.revisionRows)}::json, ${json(this.mutationRows)}::json)`,
      );
      return;
    }
    await this.settle();
    for (let i = 0; i < this.revisionRows.length; i += INSERT_CHUNK) await insertRows(this.trx, 'record_revisions', REVISION_COLUMNS, this.revisionRows.slice(i, i + INSERT_CHUNK));
    for (let i = 0; i < this.mutationRows.length; i += INSERT_CHUNK) await insertRows(this.trx, 'mutations', MUTATION_COLUMNS, this.mutationRows.slice(i, i + INSERT_CHUNK));
  }
}
