import type { Table } from 'dexie';
import { RECORD_TYPES, type RecordType } from '../../shared/records';
import type { LocalRecord, ReferenceKind, SyncMeta, SyncStorage, SyncTx } from '../../shared/sync/clientCore';
import type { SyncOutboxRow } from '../../shared/sync/wire';
import type { TilsynDatabase } from '../db/database';
import { SYNC_META_KEY } from '../db/metaKeys';
import { acknowledgeOutbox, releaseOutboxLock, tableOf, takeOutboxForPush } from '../db/recordStore';

const META_KEY = SYNC_META_KEY;
const KNOWN = new Set<string>(RECORD_TYPES);

/** The sync algorithm's storage (shared/sync/clientCore.ts) on the app's Dexie database. */
export function dexieSyncStorage(db: TilsynDatabase): SyncStorage {
  const recordTables = RECORD_TYPES.map((t) => tableOf(db, t));
  const allTables = [db.outbox, db.meta, db.institutions, db.frameworks, db.goals, db.tilsynsrammer, db.conflicts, db.rejections, db.unknownRecords, ...recordTables];

  // Every method returns Dexie's own promise (no `async`): native promise hops inside an IndexedDB
  // transaction can let it commit before the work is done ("Transaction committed too early").
  const tx: SyncTx = {
    outboxFor(recordType, recordId) {
      // Rows with equal index keys come in primary-key (seq) order.
      return db.outbox.where('[recordType+recordId]').equals([recordType, recordId]).toArray() as Promise<SyncOutboxRow[]>;
    },
    deleteOutbox(mutationIds) {
      return acknowledgeOutbox(db, mutationIds);
    },
    getRecord(recordType, id) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).get(id) as Promise<LocalRecord | undefined>;
      return db.unknownRecords.get([recordType, id]).then((r) => r?.record as LocalRecord | undefined);
    },
    putRecord(recordType, record) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).put(record as never).then(() => undefined);
      return db.unknownRecords.put({ recordType, id: record.id, record }).then(() => undefined);
    },
    deleteRecord(recordType, id) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).delete(id);
      return db.unknownRecords.delete([recordType, id]);
    },
    listRecords(recordType) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).toArray() as Promise<LocalRecord[]>;
      return db.unknownRecords.where('recordType').equals(recordType).toArray().then((rows) => rows.map((r) => r.record as LocalRecord));
    },
    putReference(kind, id, data) {
      return referenceTable(db, kind).put({ ...data, id } as never).then(() => undefined);
    },
    deleteReference(kind, id) {
      return referenceTable(db, kind).delete(id);
    },
    listReferenceIds(kind) {
      return referenceTable(db, kind).toCollection().primaryKeys() as Promise<string[]>;
    },
    putConflict(conflict) {
      return db.conflicts.put(conflict).then(() => undefined);
    },
    deleteConflict(id) {
      return db.conflicts.delete(id);
    },
    listConflictIds() {
      return db.conflicts.toCollection().primaryKeys() as Promise<string[]>;
    },
    putRejection(rejection) {
      return db.rejections.put(rejection).then(() => undefined);
    },
    getMeta() {
      return db.meta.get(META_KEY).then((row) => (row?.value as Partial<SyncMeta> | undefined) ?? {});
    },
    setMeta(patch) {
      return db.meta.get(META_KEY).then((row) => db.meta.put({ key: META_KEY, value: { ...((row?.value as Partial<SyncMeta> | undefined) ?? {}), ...patch } })).then(() => undefined);
    },
  };

  /** The lock before the last readOutbox raised it: what releaseOutbox goes back to. */
  let lockBefore: number | undefined;
  return {
    /** The oldest rows, locked against folding while they are on their way (see recordStore.ts). */
    readOutbox(limit) {
      return takeOutboxForPush(db, limit).then(({ rows, previousLock }) => {
        lockBefore = previousLock;
        return rows;
      });
    },
    /** The server certainly did not store those rows: back to the lock before them (older, unanswered pushes stay locked). */
    releaseOutbox() {
      const to = lockBefore;
      lockBefore = undefined;
      if (to === undefined) return Promise.resolve();
      return releaseOutboxLock(db, to);
    },
    transaction(fn) {
      // An async scope function: Dexie then expects awaits and keeps the continuations of `fn`'s
      // native awaits inside this transaction. With a plain arrow returning a native promise, syncs
      // in Chromium failed with "Transaction committed too early" (after their writes were made).
      return db.transaction('rw', allTables, async () => fn(tx));
    },
  };
}

function referenceTable(db: TilsynDatabase, kind: ReferenceKind): Table<{ id: string }, string> {
  return (kind === 'institution' ? db.institutions : kind === 'goal' ? db.goals : kind === 'tilsynsramme' ? db.tilsynsrammer : db.frameworks) as unknown as Table<{ id: string }, string>;
}
