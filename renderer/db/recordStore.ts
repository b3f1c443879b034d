import Dexie, { RangeSet, type Table } from 'dexie';
import { uuidv7 } from '../../shared/ids';
import { MUTABLE_RECORDS, RECORD_TYPES, SYSTEM_FIELDS, type OutboxRow, type RecordType } from '../../shared/records';
import type { SyncOutboxRow } from '../../shared/sync/wire';
import type { MetaRow, TilsynDatabase } from './database';
import { SUMMARY_TABLE, rowWithScore, type InstitutionSummaries } from './inspectionSummaries';
import { freshRevision } from './dashboardRevision';
import { REVISION_KEY, REVISION_TABLE, type RevisionRow } from './dashboardStores';
import { judge, reasonMessage, type JudgeContext, type Refusal } from '../../shared/rules';
import { actorOf, judgeActor, type Actor } from './actor';
import { cachedDirectory } from './consultantDirectory';
import { SESSION_META_KEY, SYNC_META_KEY } from './metaKeys';
import type { Session } from '../sync/session';
import type { SyncMeta } from '../../shared/sync/clientCore';
import type { Dobbeltscoring } from '../../shared/calibration/records';
import { themeScoreId, type Inspection, type ThemeScore } from '../../shared/inspection';
import { rammeInForce } from '../../shared/tilsynsramme';
import { ValidationError, parseOrThrow } from './validation';

type AnyRecord = { id: string; rev: number; updatedAt: string } & Record<string, unknown>;

export const TABLE_OF = {
  inspection: 'inspections',
  themeScore: 'themeScores',
  fokuspunktNote: 'fokuspunktNotes',
  anerkendelse: 'anerkendelser',
  anbefaling: 'anbefalinger',
  hoeringssvar: 'hoeringssvar',
  hoeringskommentar: 'hoeringskommentarer',
  rapportversion: 'rapportversioner',
  opfoelgning: 'opfoelgninger',
  bestyrelsesorientering: 'bestyrelsesorienteringer',
  publicering: 'publiceringer',
  tilbagetraekning: 'tilbagetraekninger',
  skaerpetTilsyn: 'skaerpedeTilsyn',
  handleplan: 'handleplaner',
  observation: 'observations',
  dobbeltscoring: 'dobbeltscoringer',
  uafhaengigScore: 'uafhaengigeScorer',
} as const satisfies Record<RecordType, keyof TilsynDatabase>;

export function tableOf(db: TilsynDatabase, type: RecordType): Table<AnyRecord, string> {
  return db[TABLE_OF[type]] as unknown as Table<AnyRecord, string>;
}

/** Outbox rows at or below this seq are being pushed and must not be changed. */
export const OUTBOX_LOCK_KEY = 'outboxLockedThrough';

const SYSTEM = new Set<string>(SYSTEM_FIELDS);

function changedFields(prev: AnyRecord | undefined, next: AnyRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (SYSTEM.has(k)) continue;
    if (!prev || JSON.stringify(prev[k]) !== JSON.stringify(v)) fields[k] = v;
  }
  return fields;
}

/*
 * The record store is the only module that writes the outbox (tests/unit/renderer/outboxWriters.test.ts
 * checks it): an edit, a conflict resolution, an imported unsent change, and the sync engine's lock
 * and acknowledgement all come through here, so the rules about outbox rows live in one place.
 */

/**
 * The one way the UI changes a record: read, change, validate with the shared schema, then write the
 * record and its outbox row in one strict-durability transaction. Changes to a record that is still
 * waiting to be sent are folded into its pending outbox row, unless a push has locked that row.
 */
export async function updateRecord<T extends AnyRecord>(
  db: TilsynDatabase,
  type: RecordType,
  id: string,
  change: (current: T | undefined) => unknown,
  options: { actor?: Actor; /** The parent inspection, when the caller is reading it already (it is not read twice). */ parent?: { id: string; read: Promise<Inspection | undefined> } } = {},
): Promise<T> {
  const table = tableOf(db, type);
  // The double scoring's tables, for the rules of a double-scored inspection, where the scope allows
  // (a caller's own transaction that does not name them: the server judges those rules).
  const outer = Dexie.currentTransaction;
  const calibration = DOUBLE_SCORED_TYPES.includes(type) ? [db.dobbeltscoringer, db.uafhaengigeScorer, db.themeScores].filter((t) => !outer || outer.storeNames.includes(t.name)) : [];
  const withCalibration = calibration.length === 3;
  const scope = [...new Set([table, db.inspections, db.observations, db.tilsynsrammer, db.outbox, db.meta, ...calibration])];
  const write = async (): Promise<T> => {
    // Everything the write needs is asked for at once, not one read after another: every wait is a
    // round trip to IndexedDB, and a save is measured against a bare write (tests/bench/saveScore.ts).
    // A score's judge reads the parent's double scoring (doubleScoringContext) whenever it has a step,
    // so it is asked for with the rest rather than after them.
    const doubleScoring = withCalibration && type === 'themeScore' && options.parent ? { inspectionId: options.parent.id, read: db.dobbeltscoringer.get(options.parent.id) } : undefined;
    const [stored, metas, knownParent, rows] = await Promise.all([
      table.get(id),
      db.meta.bulkGet([SESSION_META_KEY, SYNC_META_KEY, OUTBOX_LOCK_KEY]),
      options.parent?.read,
      db.outbox.where('[recordType+recordId]').equals([type, id]).toArray(),
      doubleScoring?.read,
    ]);
    const current = stored as T | undefined;
    const [session, pulled, lock] = metas.map((m) => m?.value);
    const { next, fields } = drafted(type, id, current, change);
    if (current && Object.keys(fields).length === 0) return current;
    const parentId = type !== 'inspection' && typeof next.inspectionId === 'string' ? next.inspectionId : null;
    const parent = parentId === null ? undefined : parentId === options.parent?.id ? knownParent : await db.inspections.get(parentId);
    const actor = options.actor ?? actorOf(session as Session | undefined, pulled as Partial<SyncMeta> | undefined);
    const extra = { ...(type === 'inspection' ? await inspectionContext(db, id, fields, next) : {}), ...(withCalibration ? await doubleScoringContext(db, type, parentId ?? id, next, fields, doubleScoring) : {}) };
    judgeOrThrow(actor, type, id, current, fields, next, parent, extra);
    const queued = outboxRowFor(type, id, current, fields, rows, lock);
    await Promise.all([table.put(next), queued.fold ? db.outbox.put(queued.row) : db.outbox.add(queued.row)]);
    return next;
  };
  // Inside a caller's write transaction that covers the scope (editContent, writeTogether) the write
  // runs in it as it is: a Dexie sub-transaction would cost a third of a bare save in CPU alone
  // (tests/bench/saveScore.ts). A failure still fails the caller's transaction, as it propagates
  // out of the caller's scope (no caller catches one inside a transaction).
  if (outer && outer.active && outer.mode === 'readwrite' && scope.every((t) => outer.storeNames.includes(t.name))) return write();
  return db.transaction('rw', scope, write);
}

/** The changed record, validated with the shared schema, and the fields that differ from the stored one. */
function drafted<T extends AnyRecord>(type: RecordType, id: string, current: T | undefined, change: (current: T | undefined) => unknown): { next: T; fields: Record<string, unknown> } {
  const draft = change(current) as Record<string, unknown>;
  const next = parseOrThrow(MUTABLE_RECORDS[type], {
    ...draft,
    id,
    rev: current?.rev ?? 0,
    updatedAt: new Date().toISOString(),
  }) as unknown as T;
  return { next, fields: changedFields(current, next) };
}

/** The outbox row a change writes: its pending row with the fields folded in (put), or a new row (add). */
function outboxRowFor(type: RecordType, id: string, current: AnyRecord | undefined, fields: Record<string, unknown>, rows: readonly OutboxRow[], lock: unknown): { fold: boolean; row: OutboxRow } {
  const pending = pendingRow(type, rows, fields, (lock as number | undefined) ?? 0);
  if (pending) return { fold: true, row: { ...pending, fields: { ...pending.fields, ...fields } } };
  return { fold: false, row: { mutationId: uuidv7(), recordType: type, recordId: id, baseRev: current?.rev ?? 0, fields, createdAt: new Date().toISOString() } };
}

/** Where a direct save's liveQuery notice goes: Dexie's own channel, which every tab's Dexie (this one's too) listens on. */
const STORAGE_MUTATED_CHANNEL = 'x-storagemutated-1';
let mutatedChannel: BroadcastChannel | undefined;
/** Inspection id → institution id (fixed at creation): the direct save reads the summary row with the other reads. */
const HOMES = new Map<string, string>();

const request = <R,>(r: IDBRequest<R>) =>
  new Promise<R>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/**
 * The consultant's save of a theme score (a step, a note, "ikke vurderet") on the bare IndexedDB
 * API of the app's own connection: the same reads, judge, outbox folding and writes as
 * editContent + updateRecord, and the institution's dashboard summary row and the dashboard
 * revision that the middlewares (inspectionSummaries.ts, dashboardRevision.ts) would write, all in
 * one strict transaction. Dexie's transaction, zone and promise layers cost more main-thread time
 * than the IndexedDB work itself (tests/bench/saveScore.ts). Live queries are told afterwards,
 * as Dexie tells them after its own transactions.
 *
 * `general` (editContent + updateRecord) saves instead, the direct transaction having written
 * nothing, where it must decide: inside a caller's transaction, before the database is open, an
 * inspection that is not there or still planned (its "planlagt → i gang" is written with the
 * score), or a double-scored one (whose rules read more).
 */
export function saveScore(db: TilsynDatabase, inspectionId: string, themeId: string, change: (current: ThemeScore | undefined) => unknown, general: () => Promise<ThemeScore>): Promise<ThemeScore> {
  // Decided before any await: inside a caller's Dexie transaction a native await would let it commit early.
  if (Dexie.currentTransaction || !db.isOpen() || typeof BroadcastChannel === 'undefined') return general();
  return saveScoreDirect(db, inspectionId, themeId, change).then((saved) => saved ?? general());
}

async function saveScoreDirect(db: TilsynDatabase, inspectionId: string, themeId: string, change: (current: ThemeScore | undefined) => unknown): Promise<ThemeScore | undefined> {
  const id = themeScoreId(inspectionId, themeId);
  const stores = ['themeScores', 'inspections', 'outbox', 'meta', 'dobbeltscoringer', SUMMARY_TABLE, REVISION_TABLE];
  let tx: IDBTransaction;
  try {
    const idb = db.backendDB();
    if (!stores.every((s) => idb.objectStoreNames.contains(s))) return undefined;
    tx = idb.transaction(stores, 'readwrite', { durability: db.durability });
  } catch {
    return undefined; // closed or closing: the general path opens it again or fails as it should
  }
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('Transaktionen blev afbrudt', 'AbortError'));
  });
  committed.catch(() => undefined);
  const giveUp = () => {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
  };
  try {
    const store = (name: string) => tx.objectStore(name);
    const knownHome = HOMES.get(inspectionId);
    const [inspection, stored, session, pulled, lock, rows, doubleScoring, knownRow] = await Promise.all([
      request(store('inspections').get(inspectionId)) as Promise<Inspection | undefined>,
      request(store('themeScores').get(id)) as Promise<ThemeScore | undefined>,
      request(store('meta').get(SESSION_META_KEY)),
      request(store('meta').get(SYNC_META_KEY)),
      request(store('meta').get(OUTBOX_LOCK_KEY)),
      request(store('outbox').index('[recordType+recordId]').getAll(['themeScore', id])) as Promise<OutboxRow[]>,
      request(store('dobbeltscoringer').get(inspectionId)),
      knownHome === undefined ? undefined : (request(store(SUMMARY_TABLE).get(knownHome)) as Promise<InstitutionSummaries | undefined>),
    ]);
    if (!inspection || inspection.status === 'planlagt' || doubleScoring) {
      giveUp();
      return undefined;
    }
    const { next, fields } = drafted<ThemeScore & AnyRecord>('themeScore', id, stored as (ThemeScore & AnyRecord) | undefined, change);
    if (stored && Object.keys(fields).length === 0) {
      giveUp();
      return stored;
    }
    const actor = actorOf((session as MetaRow | undefined)?.value as Session | undefined, (pulled as MetaRow | undefined)?.value as Partial<SyncMeta> | undefined);
    judgeOrThrow(actor, 'themeScore', id, stored as AnyRecord | undefined, fields, next, inspection, {});
    const queued = outboxRowFor('themeScore', id, stored as AnyRecord | undefined, fields, rows, (lock as MetaRow | undefined)?.value);
    store('themeScores').put(next);
    const outboxKey = request(queued.fold ? store('outbox').put(queued.row) : store('outbox').add(queued.row));
    const home = inspection.institutionId;
    const row = knownHome === home ? knownRow : ((await request(store(SUMMARY_TABLE).get(home))) as InstitutionSummaries | undefined);
    const summary = rowWithScore(row, inspection, next);
    store(SUMMARY_TABLE).put(summary);
    const revision: RevisionRow = { id: REVISION_KEY, rev: freshRevision() };
    store(REVISION_TABLE).put(revision);
    const seq = await outboxKey;
    await committed;
    HOMES.set(inspectionId, home);
    // Told a task later, as Dexie tells of its optimistic writes: the save is durable now, and "Gemt" need not wait for the message.
    const notice = { themeScores: [next], outbox: [{ ...queued.row, seq: seq as number }], [SUMMARY_TABLE]: [summary], [REVISION_TABLE]: [revision] };
    setTimeout(() => announce(db, notice), 0);
    return next;
  } catch (e) {
    giveUp();
    throw e;
  }
}

/**
 * Tells every live query (this tab's and the others') what a direct save wrote, in Dexie's own form
 * (its observability middleware's): the keys, and each index's key, of the written rows by table.
 */
function announce(db: TilsynDatabase, written: Record<string, readonly object[]>) {
  const parts: Record<string, RangeSet> = {};
  const part = (table: string, index: string) => (parts[`idb://${db.name}/${table}/${index}`] ??= new RangeSet());
  for (const [name, values] of Object.entries(written)) {
    const schema = db.core.table(name).schema;
    for (const v of values) {
      const key = schema.primaryKey.extractKey!(v);
      part(name, '').addKey(key);
      part(name, ':dels').addKey(key); // what it replaced is unknown here, as it is to Dexie without a cached read
      for (const ix of schema.indexes) {
        if (!ix.extractKey || !ix.name) continue;
        const k = ix.extractKey(v);
        if (k === undefined || k === null) continue;
        if (ix.multiEntry && Array.isArray(k)) for (const x of k as unknown[]) part(name, ix.name).addKey(x as string);
        else part(name, ix.name).addKey(k as string);
      }
    }
  }
  (mutatedChannel ??= new BroadcastChannel(STORAGE_MUTATED_CHANNEL)).postMessage(parts);
}

/**
 * The shared write judge (shared/rules), on the local copy: the UI refuses what the server would
 * refuse, before anything is saved. The parent inspection's status and institution come from this
 * device; the server judges again on its own copy when the change is pushed.
 */
function judgeOrThrow(actor: Actor, type: RecordType, id: string, current: AnyRecord | undefined, fields: Record<string, unknown>, next: AnyRecord, parent: Inspection | undefined, extra: JudgeContext): void {
  const context: JudgeContext = parent ? { ...extra, parentStatus: parent.status, parentInstitutionId: parent.institutionId } : extra;
  const verdict = judge(judgeActor(actor), type, current, { recordId: id, fields, next }, context);
  if (!verdict.ok) throw new ValidationError({ [fieldOf(verdict)]: reasonMessage(verdict) });
}

/**
 * What the judge needs of an inspection beyond the record: its observations and the data items of
 * the ramme in force (this device's copy) when it is made final,
 * and the consultants' relations from the cached directory (absent when never fetched: the server judges).
 */
async function inspectionContext(db: TilsynDatabase, id: string, fields: Record<string, unknown>, next: AnyRecord): Promise<JudgeContext> {
  const context: JudgeContext = {};
  if (fields.status === 'endelig') {
    context.observationCount = await db.observations.where('inspectionId').equals(id).filter((o) => !o.deleted).count();
    const date = (next as { date?: unknown }).date;
    context.rammeDataItems = typeof date === 'string' ? (rammeInForce(await db.tilsynsrammer.toArray(), date)?.dataItems ?? []) : [];
  }
  const directory = await cachedDirectory(db);
  if (directory) context.relations = directory.relations;
  return context;
}

const EDITABLE: readonly unknown[] = ['planlagt', 'i_gang', 'udkast'];
const DOUBLE_SCORED_TYPES: readonly RecordType[] = ['dobbeltscoring', 'uafhaengigScore', 'themeScore', 'inspection'];

/**
 * What the judge needs of a double-scored inspection (shared/calibration/records.ts), from this
 * device's copy: the double scoring, the sets it holds (its own until both are sealed), and when the
 * inspection leaves the editable statuses its official steps. The server judges again on its copy.
 */
async function doubleScoringContext(
  db: TilsynDatabase,
  type: RecordType,
  inspectionId: string,
  next: AnyRecord,
  fields: Record<string, unknown>,
  /** The double scoring, when it was read already. */
  known?: { inspectionId: string; read: Promise<Dobbeltscoring | undefined> },
): Promise<JudgeContext> {
  const needed =
    type === 'dobbeltscoring' ||
    type === 'uafhaengigScore' ||
    (type === 'themeScore' && next.step !== null && next.step !== undefined) ||
    (type === 'fokuspunktNote' && fields.step !== null && fields.step !== undefined) ||
    (type === 'inspection' && Object.hasOwn(fields, 'status') && !EDITABLE.includes(fields.status));
  if (!needed) return {};
  const d = await (known?.inspectionId === inspectionId ? known.read : db.dobbeltscoringer.get(inspectionId));
  if (!d) return {};
  const sets = await db.uafhaengigeScorer.where('inspectionId').equals(inspectionId).toArray();
  const context: JudgeContext = { doubleScoring: { raterIds: d.raterIds, consensus: d.consensus }, independentScores: sets };
  if (type === 'inspection') {
    const scores = await db.themeScores.where('inspectionId').equals(inspectionId).toArray();
    context.themeSteps = Object.fromEntries(scores.map((s) => [s.themeId, s.step]));
  }
  return context;
}

/** Where a refusal is shown: beside the field it is about, else as the form's message. */
function fieldOf(refusal: Refusal): string {
  switch (refusal.code) {
    case 'illegal_transition':
    case 'leder_no_status':
      return 'status';
    case 'correction_reason_required':
      return 'correctionReason';
    case 'evidence_missing':
      return 'evidenceReason';
    case 'consultant_not_impartial':
    case 'override_forvaltning_only':
      return 'consultantIds';
    case 'fixed_field':
      return String(refusal.params?.field ?? '_');
    default:
      return '_';
  }
}

/**
 * The pending outbox row (of `rows`, the record's, oldest first) this change folds into, if any. A
 * status change keeps its own row, in order: the server must see the scores written before a "send
 * to høring" before the status change itself, never after it. Rows at or below `locked` are on
 * their way to the server.
 */
function pendingRow(recordType: RecordType, rows: readonly OutboxRow[], fields: Record<string, unknown>, locked: number): OutboxRow | undefined {
  const lifecycleStep = (f: Record<string, unknown>) => recordType === 'inspection' && 'status' in f;
  if (lifecycleStep(fields)) return undefined;
  return rows.findLast((row) => (row.seq ?? 0) > locked && !lifecycleStep(row.fields) && !row.resolvesConflicts && !row.clientId);
}

/**
 * Several writes as one: every updateRecord (or other store write) that `work` makes lands in the
 * same transaction, or none does (e.g. a score and the "planlagt → i gang" it implies). The scope is
 * the named record types, the parent inspections (whose status the rules read), outbox and meta.
 */
export function writeTogether<T>(db: TilsynDatabase, types: readonly RecordType[], work: () => Promise<T>): Promise<T> {
  const tables = [...new Set<RecordType>([...types, 'inspection'])].map((t) => tableOf(db, t));
  return db.transaction('rw', [...new Set([...tables, db.observations, db.tilsynsrammer, db.themeScores, db.dobbeltscoringer, db.uafhaengigeScorer]), db.outbox, db.meta], work);
}

/**
 * Resolving a conflict: the chosen value is written locally and queued in a row of its own with
 * `resolvesConflicts`, so the server closes the conflict for everyone when it arrives; the conflict
 * leaves the local list in the same transaction. The row is based on the newest revision known
 * (the conflict's, if the pull that brought it has not updated the record yet).
 */
export async function writeResolution(
  db: TilsynDatabase,
  type: RecordType,
  id: string,
  resolution: { field: string; value: unknown; conflictId: string; serverRev: number },
): Promise<void> {
  const table = tableOf(db, type);
  await db.transaction('rw', [table, db.outbox, db.conflicts], async () => {
    const current = await table.get(id);
    const next = parseOrThrow(MUTABLE_RECORDS[type], { ...current, [resolution.field]: resolution.value, id, updatedAt: new Date().toISOString() });
    await table.put(next as unknown as AnyRecord);
    await db.outbox.add({
      mutationId: uuidv7(),
      recordType: type,
      recordId: id,
      baseRev: Math.max(current?.rev ?? 0, resolution.serverRev),
      fields: { [resolution.field]: resolution.value },
      createdAt: new Date().toISOString(),
      resolvesConflicts: [resolution.conflictId],
    });
    await db.conflicts.delete(resolution.conflictId);
  });
}

/**
 * Another installation's unsent changes ("Importer ændringer…"): each row is applied to the local
 * record and queued under its original clientId and mutationId (never folded into a local row), so
 * the server recognises it if that installation sends it too. A row that would make an invalid
 * record here is not imported; its Danish reason is returned. Runs in the caller's transaction when
 * there is one.
 */
export async function writeImported(db: TilsynDatabase, rows: readonly OutboxRow[], originClientId: string): Promise<{ added: string[]; refused: string[] }> {
  const tables = RECORD_TYPES.map((t) => tableOf(db, t));
  return db.transaction('rw', [db.outbox, ...tables], async () => {
    const added: string[] = [];
    const refused: string[] = [];
    for (const row of rows) {
      const table = tableOf(db, row.recordType);
      const current = await table.get(row.recordId);
      const fields = Object.fromEntries(Object.entries(row.fields).filter(([k]) => !SYSTEM.has(k)));
      const parsed = MUTABLE_RECORDS[row.recordType].safeParse({ ...current, ...fields, id: row.recordId, rev: current?.rev ?? 0, updatedAt: new Date().toISOString() });
      if (!parsed.success) {
        refused.push(`${row.recordType} ${row.recordId}: ${parsed.error.issues[0]?.message ?? 'ugyldig'}`);
        continue;
      }
      await table.put(parsed.data as unknown as AnyRecord);
      await db.outbox.add({ ...row, clientId: row.clientId ?? originClientId });
      added.push(row.mutationId);
    }
    return { added, refused };
  });
}

/**
 * The sync engine takes the oldest rows to push, and locks them: edits made while they are on
 * their way to the server get a row of their own instead of being folded into one the server is
 * about to acknowledge. The lock stays after a failed push on purpose: the server may have stored
 * the rows although the answer was lost, and a row folded after that would be answered as a
 * duplicate with the new edit in it unapplied. Only a push the server certainly did not store (it
 * refused the request before reading it) releases the lock again (releaseOutboxLock).
 */
export function takeOutboxForPush(db: TilsynDatabase, limit: number): Promise<{ rows: SyncOutboxRow[]; previousLock: number }> {
  return db.transaction('rw', db.outbox, db.meta, async () => {
    const rows = (await db.outbox.orderBy('seq').limit(limit).toArray()) as SyncOutboxRow[];
    const maxSeq = rows.reduce((m, r) => Math.max(m, r.seq ?? 0), 0);
    const previousLock = ((await db.meta.get(OUTBOX_LOCK_KEY))?.value as number | undefined) ?? 0;
    if (maxSeq > previousLock) await db.meta.put({ key: OUTBOX_LOCK_KEY, value: maxSeq });
    return { rows, previousLock };
  });
}

/** The server certainly did not store the rows just taken (refused before it read them): the lock goes back to `to`. */
export function releaseOutboxLock(db: TilsynDatabase, to: number): Promise<void> {
  return db.meta.put({ key: OUTBOX_LOCK_KEY, value: to }).then(() => undefined);
}

/** The server has answered for these rows (applied, conflict or rejected): they leave the outbox. Runs in the caller's transaction. */
export function acknowledgeOutbox(db: TilsynDatabase, mutationIds: readonly string[]): Promise<void> {
  return db.outbox.where('mutationId').anyOf([...mutationIds]).delete().then(() => undefined);
}
