import type { Table } from 'dexie';
import { RECORD_TYPES, type RecordType } from '../../shared/records';
import type { LocalRecord, ReferenceKind, SyncMeta, SyncStorage, SyncTx } from '../../shared/sync/clientCore';
import type { SyncOutboxRow } from '../../shared/sync/wire';
import { relaxedTwin, type TilsynDatabase } from '../db/database';
import { SYNC_META_KEY } from '../db/metaKeys';
import { acknowledgeOutbox, releaseOutboxLock, tableOf, takeOutboxForPush } from '../db/recordStore';

const META_KEY = SYNC_META_KEY;
const KNOWN = new Set<string>(RECORD_TYPES);

/** The sync algorithm's storage (shared/sync/clientCore.ts) on the app's Dexie database. */
export function dexieSyncStorage(db: TilsynDatabase): SyncStorage {
  const strict = syncTx(db);
  let relaxed: { db: TilsynDatabase; tx: SyncTx } | null = null;
  const relaxedTx = () => {
    const twin = relaxedTwin(db);
    if (relaxed?.db !== twin) relaxed = { db: twin, tx: syncTx(twin) };
    return relaxed;
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
    transaction(fn, options) {
      // A pulled page goes through the relaxed twin (renderer/db/database.ts): it need not wait for the disk.
      const { db: on, tx } = options?.relaxed ? relaxedTx() : { db, tx: strict };
      // An async scope function: Dexie then expects awaits and keeps the continuations of `fn`'s
      // native awaits inside this transaction. With a plain arrow returning a native promise, syncs
      // in Chromium failed with "Transaction committed too early" (after their writes were made).
      return on.transaction('rw', syncTables(on), async () => fn(tx));
    },
  };
}

function syncTables(db: TilsynDatabase) {
  return [db.outbox, db.meta, db.institutions, db.frameworks, db.goals, db.tilsynsrammer, db.conflicts, db.rejections, db.unknownRecords, db.pullUnconfirmed, ...RECORD_TYPES.map((t) => tableOf(db, t))];
}

/** The algorithm's transaction operations on one connection. */
function syncTx(db: TilsynDatabase): SyncTx {
  // Every method returns Dexie's own promise (no `async`): native promise hops inside an IndexedDB
  // transaction can let it commit before the work is done ("Transaction committed too early").
  const tx: SyncTx = {
    outboxFor(recordType, recordIds) {
      if (recordIds.length === 0) return Promise.resolve([]);
      // One index walk for the whole page; rows with equal index keys come in primary-key (seq) order.
      return db.outbox
        .where('[recordType+recordId]')
        .anyOf(recordIds.map((id) => [recordType, id]))
        .toArray() as Promise<SyncOutboxRow[]>;
    },
    deleteOutbox(mutationIds) {
      return acknowledgeOutbox(db, mutationIds);
    },
    getRecords(recordType, ids) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).bulkGet([...ids]) as Promise<(LocalRecord | undefined)[]>;
      return db.unknownRecords.bulkGet(ids.map((id) => [recordType, id] as [string, string])).then((rows) => rows.map((r) => r?.record as LocalRecord | undefined));
    },
    putRecords(recordType, records) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).bulkPut(records as never[]).then(() => undefined);
      return db.unknownRecords.bulkPut(records.map((record) => ({ recordType, id: record.id, record }))).then(() => undefined);
    },
    deleteRecords(recordType, ids) {
      if (KNOWN.has(recordType)) return tableOf(db, recordType as RecordType).bulkDelete([...ids]);
      return db.unknownRecords.bulkDelete(ids.map((id) => [recordType, id] as [string, string]));
    },
    listRecordKeys() {
      return Promise.all([
        ...RECORD_TYPES.map((t) => tableOf(db, t).toCollection().primaryKeys().then((ids) => ids.map((id) => ({ recordType: t as string, id })))),
        db.unknownRecords.toCollection().primaryKeys().then((keys) => keys.map(([recordType, id]) => ({ recordType, id }))),
      ]).then((lists) => lists.flat());
    },
    putReferences(kind, items) {
      return referenceTable(db, kind).bulkPut(items.map((i) => ({ ...i.data, id: i.id })) as never[]).then(() => undefined);
    },
    deleteReferences(kind, ids) {
      return referenceTable(db, kind).bulkDelete([...ids]);
    },
    listReferenceIds(kind) {
      return referenceTable(db, kind).toCollection().primaryKeys() as Promise<string[]>;
    },
    putConflicts(conflicts) {
      return db.conflicts.bulkPut([...conflicts]).then(() => undefined);
    },
    deleteConflicts(ids) {
      return db.conflicts.bulkDelete([...ids]);
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
    addUnconfirmed(keys) {
      return db.pullUnconfirmed.bulkPut(keys.map((key) => ({ key }))).then(() => undefined);
    },
    confirm(keys) {
      return db.pullUnconfirmed.bulkDelete([...keys]);
    },
    listUnconfirmed() {
      return db.pullUnconfirmed.toCollection().primaryKeys();
    },
    clearUnconfirmed() {
      return db.pullUnconfirmed.clear();
    },
  };

  return tx;
}

function referenceTable(db: TilsynDatabase, kind: ReferenceKind): Table<{ id: string }, string> {
  return (kind === 'institution' ? db.institutions : kind === 'goal' ? db.goals : kind === 'tilsynsramme' ? db.tilsynsrammer : db.frameworks) as unknown as Table<{ id: string }, string>;
}
