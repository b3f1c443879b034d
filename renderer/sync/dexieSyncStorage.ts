import Dexie, { type Table } from 'dexie';
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
  // Whether the outbox is empty, asked once per transaction: a sync transaction never adds outbox
  // rows (only the record store does, in transactions of its own), so the answer holds to its end.
  const emptyIn = new WeakMap<object, Promise<boolean>>();
  const outboxEmpty = () => {
    const current = Dexie.currentTransaction as object | null;
    if (!current) return db.outbox.count().then((n) => n === 0);
    let known = emptyIn.get(current);
    if (!known) emptyIn.set(current, (known = db.outbox.count().then((n) => n === 0)));
    return known;
  };
  const tx: SyncTx = {
    outboxFor(recordType, recordIds) {
      if (recordIds.length === 0) return Promise.resolve([]);
      // One index walk for the whole page; rows with equal index keys come in primary-key (seq) order.
      // An empty outbox (a first pull, mostly) is one count per page, not a walk with thousands of keys to sort.
      return outboxEmpty().then((empty) =>
        empty
          ? []
          : (db.outbox
              .where('[recordType+recordId]')
              .anyOf(recordIds.map((id) => [recordType, id]))
              .toArray() as Promise<SyncOutboxRow[]>),
      );
    },
    deleteOutbox(mutationIds) {
      return acknowledgeOutbox(db, mutationIds);
    },
    getRecords(recordType, ids) {
      if (KNOWN.has(recordType)) return storedAmong(tableOf(db, recordType as RecordType), ids) as Promise<(LocalRecord | undefined)[]>;
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

/**
 * The stored records with these ids (in their order). Most records of a first pull are new to the
 * device: which of them exist is asked of the keys alone (one request for the span of the page's
 * ids), and only those are read. Reading every id instead costs a request each, and at 4,000
 * institutions a first pull asks for 400,000 that are not there. Where the span holds many other
 * records (a later pull over a full database), every id is read as before.
 */
function storedAmong<T extends { id: string }>(table: Table<T, string>, ids: readonly string[]): Promise<(T | undefined)[]> {
  if (ids.length === 0) return Promise.resolve([]);
  let low = ids[0]!;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const cap = 2 * ids.length + 64;
  return table
    .where(':id')
    .between(low, high, true, true)
    .limit(cap)
    .primaryKeys()
    .then((keys) => {
      if (keys.length >= cap) return table.bulkGet([...ids]);
      const wanted = new Set(ids);
      const present = keys.filter((k) => wanted.has(k));
      if (present.length === 0) return ids.map(() => undefined);
      return table.bulkGet(present).then((rows) => {
        const byId = new Map(present.map((k, i) => [k, rows[i]]));
        return ids.map((id) => byId.get(id));
      });
    });
}

function referenceTable(db: TilsynDatabase, kind: ReferenceKind): Table<{ id: string }, string> {
  return (kind === 'institution' ? db.institutions : kind === 'goal' ? db.goals : kind === 'tilsynsramme' ? db.tilsynsrammer : db.frameworks) as unknown as Table<{ id: string }, string>;
}
