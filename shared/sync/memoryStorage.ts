import { uuidv7 } from '../ids';
import type { RecordType } from '../records';
import type { LocalRecord, ReferenceKind, Rejection, SyncMeta, SyncStorage, SyncTx } from './clientCore';
import type { Conflict, SyncOutboxRow } from './wire';

/**
 * SyncStorage in memory, for tests and tools. A transaction works on a copy and swaps it in at the
 * end, so a failure inside leaves nothing half-written (like a Dexie transaction).
 */
export class MemoryStorage implements SyncStorage {
  private state: MemoryState = emptyState();
  private nextSeq = 1;

  async readOutbox(limit: number): Promise<SyncOutboxRow[]> {
    return this.state.outbox.slice(0, limit).map((r) => structuredClone(r));
  }

  async transaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const draft = cloneState(this.state);
      const result = await fn(new MemoryTx(draft));
      this.state = draft;
      return result;
    });
  }

  private queue: Promise<unknown> = Promise.resolve();
  /** Transactions and local writes take turns, as IndexedDB transactions over the same tables do. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A local edit, the way the app's repositories make one: the record changes and an outbox row
   * with the changed fields and the record's current rev is added, in one step.
   */
  /** Queue rows exported by another installation, as "Importer ændringer…" does in the app. */
  importRows(rows: readonly SyncOutboxRow[]): Promise<void> {
    return this.exclusive(async () => {
      for (const row of rows) this.state.outbox.push(structuredClone(row));
    });
  }

  write(recordType: RecordType | string, recordId: string, fields: Record<string, unknown>, options: { resolvesConflicts?: string[]; mutationId?: string } = {}): Promise<SyncOutboxRow> {
    return this.exclusive(async () => this.writeNow(recordType, recordId, fields, options));
  }

  private writeNow(recordType: RecordType | string, recordId: string, fields: Record<string, unknown>, options: { resolvesConflicts?: string[]; mutationId?: string }): SyncOutboxRow {
    const key = recordKey(recordType, recordId);
    const current = this.state.records.get(key);
    const row: SyncOutboxRow = {
      seq: this.nextSeq++,
      mutationId: options.mutationId ?? uuidv7(),
      recordType: recordType as RecordType,
      recordId,
      baseRev: current?.rev ?? 0,
      fields: structuredClone(fields),
      createdAt: new Date().toISOString(),
      ...(options.resolvesConflicts ? { resolvesConflicts: options.resolvesConflicts } : {}),
    };
    this.state.records.set(key, { ...(current ?? { id: recordId, rev: 0 }), ...structuredClone(fields), id: recordId, rev: current?.rev ?? 0 });
    this.state.outbox.push(row);
    return row;
  }

  /** Drop a rejection after the user has seen it. */
  dismissRejection(mutationId: string): void {
    this.state.rejections.delete(mutationId);
  }

  // Read access for tests and tools.
  record(recordType: string, id: string): LocalRecord | undefined {
    const r = this.state.records.get(recordKey(recordType, id));
    return r ? structuredClone(r) : undefined;
  }
  records(recordType?: string): { recordType: string; record: LocalRecord }[] {
    return [...this.state.records.entries()]
      .map(([key, record]) => ({ recordType: key.slice(0, key.indexOf('\u0000')), record: structuredClone(record) }))
      .filter((r) => recordType === undefined || r.recordType === recordType)
      .sort((a, b) => (a.recordType + a.record.id < b.recordType + b.record.id ? -1 : 1));
  }
  outbox(): SyncOutboxRow[] {
    return structuredClone(this.state.outbox);
  }
  conflicts(): Conflict[] {
    return [...this.state.conflicts.values()].map((c) => structuredClone(c)).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  rejections(): Rejection[] {
    return [...this.state.rejections.values()].map((r) => structuredClone(r));
  }
  references(kind: ReferenceKind): Record<string, unknown>[] {
    return [...referenceMap(this.state, kind).values()].map((r) => structuredClone(r));
  }
  meta(): Partial<SyncMeta> {
    return structuredClone(this.state.meta);
  }
}

interface MemoryState {
  outbox: SyncOutboxRow[];
  records: Map<string, LocalRecord>;
  institutions: Map<string, Record<string, unknown>>;
  frameworks: Map<string, Record<string, unknown>>;
  goals: Map<string, Record<string, unknown>>;
  tilsynsrammer: Map<string, Record<string, unknown>>;
  conflicts: Map<string, Conflict>;
  rejections: Map<string, Rejection>;
  meta: Partial<SyncMeta>;
  unconfirmed: Set<string>;
}

function referenceMap(s: MemoryState, kind: ReferenceKind): Map<string, Record<string, unknown>> {
  return kind === 'institution' ? s.institutions : kind === 'goal' ? s.goals : kind === 'tilsynsramme' ? s.tilsynsrammer : s.frameworks;
}

function emptyState(): MemoryState {
  return { outbox: [], records: new Map(), institutions: new Map(), frameworks: new Map(), goals: new Map(), tilsynsrammer: new Map(), conflicts: new Map(), rejections: new Map(), meta: {}, unconfirmed: new Set() };
}

function cloneState(s: MemoryState): MemoryState {
  return {
    outbox: [...s.outbox],
    records: new Map(s.records),
    institutions: new Map(s.institutions),
    frameworks: new Map(s.frameworks),
    goals: new Map(s.goals),
    tilsynsrammer: new Map(s.tilsynsrammer),
    conflicts: new Map(s.conflicts),
    rejections: new Map(s.rejections),
    meta: { ...s.meta },
    unconfirmed: new Set(s.unconfirmed),
  };
}

const recordKey = (type: string, id: string) => `${type}\u0000${id}`;

class MemoryTx implements SyncTx {
  constructor(private readonly s: MemoryState) {}

  async outboxFor(recordType: string, recordIds: readonly string[]) {
    const ids = new Set(recordIds);
    return this.s.outbox.filter((r) => r.recordType === recordType && ids.has(r.recordId)).map((r) => structuredClone(r));
  }
  async deleteOutbox(mutationIds: readonly string[]) {
    const drop = new Set(mutationIds);
    this.s.outbox = this.s.outbox.filter((r) => !drop.has(r.mutationId));
  }
  async getRecords(recordType: string, ids: readonly string[]) {
    return ids.map((id) => {
      const r = this.s.records.get(recordKey(recordType, id));
      return r ? structuredClone(r) : undefined;
    });
  }
  async putRecords(recordType: string, records: readonly LocalRecord[]) {
    for (const record of records) this.s.records.set(recordKey(recordType, record.id), structuredClone(record));
  }
  async deleteRecords(recordType: string, ids: readonly string[]) {
    for (const id of ids) this.s.records.delete(recordKey(recordType, id));
  }
  async listRecordKeys() {
    return [...this.s.records.keys()].map((k) => ({ recordType: k.slice(0, k.indexOf('\u0000')), id: k.slice(k.indexOf('\u0000') + 1) }));
  }
  async putReferences(kind: ReferenceKind, items: readonly { id: string; data: Record<string, unknown> }[]) {
    for (const { id, data } of items) referenceMap(this.s, kind).set(id, structuredClone(data));
  }
  async deleteReferences(kind: ReferenceKind, ids: readonly string[]) {
    for (const id of ids) referenceMap(this.s, kind).delete(id);
  }
  async listReferenceIds(kind: ReferenceKind) {
    return [...referenceMap(this.s, kind).keys()];
  }
  async putConflicts(conflicts: readonly Conflict[]) {
    for (const c of conflicts) this.s.conflicts.set(c.id, structuredClone(c));
  }
  async deleteConflicts(ids: readonly string[]) {
    for (const id of ids) this.s.conflicts.delete(id);
  }
  async listConflictIds() {
    return [...this.s.conflicts.keys()];
  }
  async putRejection(rejection: Rejection) {
    this.s.rejections.set(rejection.mutationId, structuredClone(rejection));
  }
  async getMeta() {
    return structuredClone(this.s.meta);
  }
  async setMeta(patch: Partial<SyncMeta>) {
    this.s.meta = { ...this.s.meta, ...structuredClone(patch) };
  }
  async addUnconfirmed(keys: readonly string[]) {
    for (const k of keys) this.s.unconfirmed.add(k);
  }
  async confirm(keys: readonly string[]) {
    for (const k of keys) this.s.unconfirmed.delete(k);
  }
  async listUnconfirmed() {
    return [...this.s.unconfirmed];
  }
  async clearUnconfirmed() {
    this.s.unconfirmed.clear();
  }
}
