import type { Table } from 'dexie';
import { RECORD_TYPES, type RecordType } from '../../shared/records';
import type { LocalRecord, ReferenceKind, SyncMeta, SyncStorage, SyncTx } from '../../shared/sync/clientCore';
import type { SyncOutboxRow } from '../../shared/sync/wire';
import type { TilsynDatabase } from '../db/database';
import { OUTBOX_LOCK_KEY, tableOf } from '../db/recordStore';

const META_KEY = 'syncMeta';
const KNOWN = new Set<string>(RECORD_TYPES);

/** The sync algorithm's storage (shared/sync/clientCore.ts) on the app's Dexie database. */
export function dexieSyncStorage(db: TilsynDatabase): SyncStorage {
  const recordTables = RECORD_TYPES.map((t) => tableOf(db, t));
  const allTables = [db.outbox, db.meta, db.institutions, db.frameworks, db.conflicts, db.rejections, db.unknownRecords, ...recordTables];

  const tx: SyncTx = {
    async outboxFor(recordType, recordId) {
      return (await db.outbox.where('[recordType+recordId]').equals([recordType, recordId]).sortBy('seq')) as SyncOutboxRow[];
    },
    async deleteOutbox(mutationIds) {
      await db.outbox.where('mutationId').anyOf([...mutationIds]).delete();
    },
    async getRecord(recordType, id) {
      if (KNOWN.has(recordType)) return (await tableOf(db, recordType as RecordType).get(id)) as LocalRecord | undefined;
      return (await db.unknownRecords.get([recordType, id]))?.record as LocalRecord | undefined;
    },
    async putRecord(recordType, record) {
      if (KNOWN.has(recordType)) await tableOf(db, recordType as RecordType).put(record as never);
      else await db.unknownRecords.put({ recordType, id: record.id, record });
    },
    async deleteRecord(recordType, id) {
      if (KNOWN.has(recordType)) await tableOf(db, recordType as RecordType).delete(id);
      else await db.unknownRecords.delete([recordType, id]);
    },
    async listRecords(recordType) {
      if (KNOWN.has(recordType)) return (await tableOf(db, recordType as RecordType).toArray()) as LocalRecord[];
      return (await db.unknownRecords.where('recordType').equals(recordType).toArray()).map((r) => r.record as LocalRecord);
    },
    async putReference(kind, id, data) {
      await referenceTable(db, kind).put({ ...data, id } as never);
    },
    async deleteReference(kind, id) {
      await referenceTable(db, kind).delete(id);
    },
    async listReferenceIds(kind) {
      return (await referenceTable(db, kind).toCollection().primaryKeys()) as string[];
    },
    async putConflict(conflict) {
      await db.conflicts.put(conflict);
    },
    async deleteConflict(id) {
      await db.conflicts.delete(id);
    },
    async listConflictIds() {
      return (await db.conflicts.toCollection().primaryKeys()) as string[];
    },
    async putRejection(rejection) {
      await db.rejections.put(rejection);
    },
    async getMeta() {
      return ((await db.meta.get(META_KEY))?.value as Partial<SyncMeta> | undefined) ?? {};
    },
    async setMeta(patch) {
      const current = ((await db.meta.get(META_KEY))?.value as Partial<SyncMeta> | undefined) ?? {};
      await db.meta.put({ key: META_KEY, value: { ...current, ...patch } });
    },
  };

  return {
    /**
     * The oldest rows, and a lock on them: edits made while they are on their way to the server get
     * a row of their own instead of being folded into one the server is about to acknowledge.
     */
    readOutbox(limit) {
      return db.transaction('rw', db.outbox, db.meta, async () => {
        const rows = (await db.outbox.orderBy('seq').limit(limit).toArray()) as SyncOutboxRow[];
        const maxSeq = rows.reduce((m, r) => Math.max(m, r.seq ?? 0), 0);
        const locked = ((await db.meta.get(OUTBOX_LOCK_KEY))?.value as number | undefined) ?? 0;
        if (maxSeq > locked) await db.meta.put({ key: OUTBOX_LOCK_KEY, value: maxSeq });
        return rows;
      });
    },
    transaction(fn) {
      return db.transaction('rw', allTables, () => fn(tx));
    },
  };
}

function referenceTable(db: TilsynDatabase, kind: ReferenceKind): Table<{ id: string }, string> {
  return (kind === 'institution' ? db.institutions : db.frameworks) as unknown as Table<{ id: string }, string>;
}

export async function readSyncMeta(db: TilsynDatabase): Promise<Partial<SyncMeta>> {
  return ((await db.meta.get(META_KEY))?.value as Partial<SyncMeta> | undefined) ?? {};
}
