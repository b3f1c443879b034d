import { SYSTEM_FIELDS } from '../records';
import { offlineProblem, problemFromResponse, ServerError, type ServerProblem, type ServerProblemKind } from '../serverError';
import { keyed, type MessageRef } from '../i18n/i18n';
import {
  ErrorBodySchema,
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
  mutationOf,
  type Conflict,
  type Issue,
  type PullResponse,
  type PushPull,
  type PushResult,
  type RecordSnapshot,
  type RecordState,
  type Scope,
  type SyncOutboxRow,
} from './wire';

/*
 * The client half of sync, written against a small storage interface so that the same algorithm
 * runs on Dexie in the app and in memory in tests (memoryStorage.ts).
 *
 * Rules it keeps (ARCHITECTURE.md §3):
 * - An outbox row is removed only when the server has answered for it: applied, conflict and
 *   rejected are all answers. Conflicts and rejections are kept for the user to see, with the
 *   typed values, so nothing typed is lost.
 * - A pulled change never overwrites a field that still has a pending outbox change: the local
 *   record is "server copy + pending changes on top", with the server's rev.
 * - Cursor and records are written in one storage transaction per page.
 *
 * Only one syncOnce may run at a time per device (the app holds a Web Lock around it).
 */

/** A locally stored record: the record's own fields, with `id` and the server `rev` it is based on (0: never synced). */
export type LocalRecord = Record<string, unknown> & { id: string; rev: number };

/** A change the server would not take. Kept until the user has seen it; `fields` are what was typed. */
export interface Rejection {
  mutationId: string;
  recordType: string;
  recordId: string;
  baseRev: number;
  fields: Record<string, unknown>;
  reason: string;
  issues?: Issue[];
  /** HTTP status when the server refused the request itself (4xx), absent for a "rejected" result. */
  httpStatus?: number;
  at: string;
}

export interface SyncMeta {
  /** The server sequence number up to which this device has pulled. */
  cursor: number;
  /** The user's scope epoch of the last complete pull (see docs/sync-protocol.md). */
  epoch: number;
  scope: Scope;
  lastPushAt: string;
  lastPullAt: string;
  /** A full copy (reset) is under way: `cursor` and `epoch` are the copy's, its end has not come yet. */
  resetting: boolean;
}

export type ReferenceKind = 'institution' | 'framework' | 'goal' | 'tilsynsramme';

/**
 * Everything the algorithm reads and writes inside one storage transaction. Reads and writes take
 * many records at once: a pulled page is applied with a handful of bulk calls, not three per record.
 */
export interface SyncTx {
  /** Pending outbox rows of these records of one type, oldest first. */
  outboxFor(recordType: string, recordIds: readonly string[]): Promise<SyncOutboxRow[]>;
  deleteOutbox(mutationIds: readonly string[]): Promise<void>;
  /** The records of one type with these ids, in the same order (undefined where there is none). */
  getRecords(recordType: string, ids: readonly string[]): Promise<(LocalRecord | undefined)[]>;
  /** Store records of one type; for a record type this app does not know, keep them anyway ("opdater appen"). */
  putRecords(recordType: string, records: readonly LocalRecord[]): Promise<void>;
  deleteRecords(recordType: string, ids: readonly string[]): Promise<void>;
  /** The key of every stored record, of every type (used only when a full copy starts). */
  listRecordKeys(): Promise<{ recordType: string; id: string }[]>;
  putReferences(kind: ReferenceKind, items: readonly { id: string; data: Record<string, unknown> }[]): Promise<void>;
  deleteReferences(kind: ReferenceKind, ids: readonly string[]): Promise<void>;
  listReferenceIds(kind: ReferenceKind): Promise<string[]>;
  /** Open conflicts only; a resolved one is deleted. */
  putConflicts(conflicts: readonly Conflict[]): Promise<void>;
  deleteConflicts(ids: readonly string[]): Promise<void>;
  listConflictIds(): Promise<string[]>;
  putRejection(rejection: Rejection): Promise<void>;
  getMeta(): Promise<Partial<SyncMeta>>;
  setMeta(patch: Partial<SyncMeta>): Promise<void>;
  /**
   * During a full copy: the local keys (named by clientCore) it has not delivered yet. Kept in storage,
   * so a copy cut short resumes where it stopped and its end still drops what it did not contain.
   */
  addUnconfirmed(keys: readonly string[]): Promise<void>;
  confirm(keys: readonly string[]): Promise<void>;
  listUnconfirmed(): Promise<string[]>;
  clearUnconfirmed(): Promise<void>;
}

export interface SyncStorage {
  /**
   * The oldest `limit` outbox rows, in the order they were written. A storage may lock them (no
   * later edit is folded into a row on its way to the server) until they are answered or released.
   */
  readOutbox(limit: number): Promise<SyncOutboxRow[]>;
  /**
   * The rows of the last readOutbox were certainly not stored by the server (see `nothingStored`):
   * lift their lock, so that edits fold into them again. Never called when the answer was lost.
   */
  releaseOutbox?(): Promise<void>;
  /**
   * Run `fn` atomically over outbox, records, reference data, conflicts, rejections and meta.
   * `relaxed`: the work may be lost in a power cut, never half-done. A pulled page is (its cursor
   * goes with it, so it is simply pulled again): it need not wait for the disk.
   */
  transaction<T>(fn: (tx: SyncTx) => Promise<T>, options?: { relaxed?: boolean }): Promise<T>;
}

export interface SyncHttpResponse {
  status: number;
  json(): Promise<unknown>;
}

/**
 * fetch-like transport: `path` is relative to the server ("/api/sync/push"). The app's version
 * (renderer/sync/serverClient.ts) adds the server address, `Authorization: Bearer …` and a timeout;
 * it throws when there is no answer, a `ServerError` when it can say why in Danish.
 */
export type SyncFetch = (path: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }) => Promise<SyncHttpResponse>;

export interface SyncOptions {
  /** Mutations per push request (halved automatically on 413). Default 100. */
  batchSize?: number;
  /** Items per pull page. Default 500. */
  pullLimit?: number;
  /** After each applied pull page: records received so far in this sync, and of how many (when the server said). */
  onProgress?: (progress: PullProgress) => void;
  now?: () => Date;
}

export interface PullProgress {
  received: number;
  /** Records this pull brings in all, from the server's count on the first page; absent when unknown. */
  total?: number;
}

export type SyncErrorKind = ServerProblemKind;

export interface SyncErrorInfo {
  kind: SyncErrorKind;
  /** True when trying again later may help (network, 5xx, 429); false when the user must act (log in). */
  retryable: boolean;
  status?: number;
  message: string;
  /** The message's key, for a screen drawn later or in another language (shownMessage). */
  text?: MessageRef;
}

export interface SyncReport {
  ok: boolean;
  /** Outbox rows the server answered for (and that left the outbox). */
  acknowledged: number;
  applied: number;
  conflicts: number;
  rejected: number;
  /** Records received by pull. */
  pulled: number;
  /** True when the server sent a full copy because the user's scope changed. */
  reset: boolean;
  error?: SyncErrorInfo;
}

class SyncFailure extends Error {
  constructor(readonly info: SyncErrorInfo) {
    super(info.message);
  }
}

const SYSTEM = new Set<string>(SYSTEM_FIELDS);

/**
 * Push everything pending, then pull until the server has nothing more. The last push asks for the
 * pull's first page as well (docs/sync-protocol.md §3a), so a day's sync is one request.
 */
export async function syncOnce(storage: SyncStorage, fetch: SyncFetch, clientId: string, options: SyncOptions = {}): Promise<SyncReport> {
  const report: SyncReport = { ok: false, acknowledged: 0, applied: 0, conflicts: 0, rejected: 0, pulled: 0, reset: false };
  const now = options.now ?? (() => new Date());
  const limit = options.pullLimit ?? 500;
  try {
    const page = await pushAll(storage, fetch, clientId, Math.min(options.batchSize ?? 100, MAX_PUSH_MUTATIONS), now, report, limit);
    await pullAll(storage, fetch, limit, now, report, options.onProgress, page);
    report.ok = true;
  } catch (error) {
    if (error instanceof SyncFailure) report.error = error.info;
    else report.error = { kind: 'protocol', retryable: true, message: error instanceof Error ? error.message : String(error) };
  }
  return report;
}

async function call(fetch: SyncFetch, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  let res: SyncHttpResponse;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    // Never the browser's own words ("Failed to fetch"): the user is told what it means for their work.
    throw failureOf(error instanceof ServerError ? error.problem : offlineProblem());
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    if (res.status < 400) throw new SyncFailure({ kind: 'protocol', retryable: true, status: res.status, ...keyed('errors:protocol.notJson') });
  }
  return { status: res.status, json };
}

function failureFor(status: number, json: unknown): SyncFailure {
  return failureOf(problemFromResponse(status, json));
}

function failureOf({ kind, retryable, status, message, text }: ServerProblem): SyncFailure {
  return new SyncFailure({ kind, retryable, ...(status === undefined ? {} : { status }), message, ...(text ? { text } : {}) });
}

/**
 * Push the outbox in batches. The last batch (fewer rows than asked for) also asks for the pull's
 * first page from the stored cursor; it is returned when the last request made was that one and
 * the server sent it (an older server ignores the question), for pullAll to apply. A page of an
 * earlier push (edits came in meanwhile and were pushed after it) is not used: pullAll asks again.
 */
async function pushAll(storage: SyncStorage, fetch: SyncFetch, clientId: string, batchSize: number, now: () => Date, report: SyncReport, pullLimit: number): Promise<PulledWithPush | undefined> {
  let size = Math.max(1, batchSize);
  const answered = new Set<string>();
  let page: PulledWithPush | undefined;
  for (;;) {
    const read = await storage.readOutbox(size);
    if (read.length === 0) return page;
    page = undefined;
    // Rows imported from another installation's export are pushed under that installation's id, so
    // the server recognises them if that installation sends them too. One origin per request.
    const origin = read[0]!.clientId ?? clientId;
    const firstOther = read.findIndex((r) => (r.clientId ?? clientId) !== origin);
    const rows = firstOther === -1 ? read : read.slice(0, firstOther);
    // A storage that did not delete answered rows would make this loop forever.
    if (rows.some((r) => answered.has(r.mutationId))) throw new SyncFailure({ kind: 'protocol', retryable: false, ...keyed('errors:protocol.outboxKept') });
    const asked = firstOther === -1 && read.length < size ? await firstPullOf(storage, pullLimit) : undefined;
    const res = await call(fetch, 'POST', '/api/sync/push', { protocolVersion: PROTOCOL_VERSION, clientId: origin, mutations: rows.map(mutationOf), ...(asked ? { pull: asked.pull } : {}) });

    if (res.status === 200) {
      // The pull page is read apart: a page this client cannot read must not leave the push unacknowledged (GET /pull then reports it).
      const body = PushAnswerSchema.safeParse(res.json);
      if (!body.success) throw new SyncFailure({ kind: 'protocol', retryable: true, ...keyed('errors:protocol.pushUnreadable') });
      const byId = new Map(body.data.results.map((r) => [r.mutationId, r]));
      if (rows.some((r) => !byId.has(r.mutationId))) throw new SyncFailure({ kind: 'protocol', retryable: true, ...keyed('errors:protocol.notAllAnswered') });
      await storage.transaction(async (tx) => {
        await acknowledge(tx, rows, byId, body.data.records, now);
        await tx.setMeta({ lastPushAt: now().toISOString() });
      });
      count(report, rows, byId);
      for (const r of rows) answered.add(r.mutationId);
      const pulled = asked ? PullResponseSchema.safeParse((res.json as { pull?: unknown }).pull) : undefined;
      if (asked && pulled?.success) page = { page: pulled.data, meta: asked.meta };
      continue;
    }
    if (res.status === 413 && rows.length > 1) {
      size = Math.max(1, Math.floor(rows.length / 2));
      continue;
    }
    if (nothingStored(res.status, res.json)) await storage.releaseOutbox?.();
    const error = ErrorBodySchema.safeParse(res.json);
    // The server refused the request because of what a mutation says (never for being offline,
    // logged out or overloaded): find the row by sending one at a time, then keep it as a rejection.
    const blamesMutation = error.success && res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 408 && res.status !== 429 && (error.data.code === 'ugyldig_aendring' || error.data.code === 'ugyldig' || res.status === 413);
    if (!blamesMutation) throw failureFor(res.status, res.json);
    if (rows.length > 1) {
      size = 1;
      continue;
    }
    const row = rows[0]!;
    const refused: PushResult = {
      mutationId: row.mutationId,
      status: 'rejected',
      rev: null,
      applied: [],
      conflicts: [],
      reason: error.data.errors?.[0]?.reason ?? error.data.error,
      ...(error.data.errors?.[0]?.issues ?? error.data.issues ? { issues: error.data.errors?.[0]?.issues ?? error.data.issues } : {}),
    };
    const byId = new Map([[row.mutationId, refused]]);
    await storage.transaction((tx) => acknowledge(tx, rows, byId, error.data.records ?? [], now, res.status));
    count(report, rows, byId);
    answered.add(row.mutationId);
  }
}

/**
 * The pull a push asks for: the first page from the stored cursor, counted, as pullAll would ask
 * GET /pull for it. None for a limit the server would refuse: that refusal would fail the push
 * with it (GET /pull then reports it, as before).
 */
async function firstPullOf(storage: SyncStorage, limit: number): Promise<{ pull: PushPull; meta: Partial<SyncMeta> } | undefined> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT) return undefined;
  const meta = await storage.transaction((tx) => tx.getMeta());
  return { pull: { cursor: meta.cursor ?? 0, limit, ...(meta.epoch === undefined ? {} : { epoch: meta.epoch }), count: '1' }, meta };
}

/** A push answer without its pull page (pushAll reads that apart). */
const PushAnswerSchema = PushResponseSchema.omit({ pull: true });

/** The first pull page a push brought, and the stored meta it was asked from (only pullAll writes the cursor). */
interface PulledWithPush {
  page: PullResponse;
  meta: Partial<SyncMeta>;
}

/**
 * A push answer that proves nothing of it was stored: not logged in (401), timed out before it was
 * read (408), rate-limited (429), or the Tilsyn server's own 500 (a push is one transaction, rolled
 * back). A network failure or a proxy's 502–504 proves nothing: the server may have stored it.
 */
function nothingStored(status: number, json: unknown): boolean {
  if (status === 401 || status === 408 || status === 429) return true;
  return status === 500 && ErrorBodySchema.safeParse(json).success;
}

function count(report: SyncReport, rows: SyncOutboxRow[], byId: Map<string, PushResult>): void {
  for (const row of rows) {
    const r = byId.get(row.mutationId)!;
    report.acknowledged++;
    if (r.status === 'applied') report.applied++;
    else if (r.status === 'conflict') report.conflicts++;
    else report.rejected++;
  }
}

/** Remove the answered rows; keep conflicts and rejections; bring the touched records to the server's state. */
async function acknowledge(
  tx: SyncTx,
  rows: SyncOutboxRow[],
  results: Map<string, PushResult>,
  records: RecordSnapshot[],
  now: () => Date,
  httpStatus?: number,
): Promise<void> {
  await tx.deleteOutbox(rows.map((r) => r.mutationId));
  for (const row of rows) {
    const r = results.get(row.mutationId)!;
    await storeConflicts(tx, r.conflicts);
    if (r.status === 'rejected') {
      await tx.putRejection({
        mutationId: row.mutationId,
        recordType: row.recordType,
        recordId: row.recordId,
        baseRev: row.baseRev,
        fields: row.fields,
        reason: r.reason ?? 'Afvist af serveren',
        ...(r.issues ? { issues: r.issues } : {}),
        ...(httpStatus ? { httpStatus } : {}),
        at: now().toISOString(),
      });
    }
  }
  await applyServerStates(tx, records);
}

/** Conflicts as the server sent them: resolved ones leave, open ones are stored. */
async function storeConflicts(tx: SyncTx, conflicts: readonly Conflict[]): Promise<void> {
  const resolved = conflicts.filter((c) => c.resolvedAt).map((c) => c.id);
  const open = conflicts.filter((c) => !c.resolvedAt);
  if (resolved.length) await tx.deleteConflicts(resolved);
  if (open.length) await tx.putConflicts(open);
}

/**
 * Make each local record the server's copy with the still-pending local changes on top, a few bulk
 * reads and writes per record type. `state: null`: the server has no record the user may see; the
 * local copy goes unless changes to it are pending. A record named twice takes its newest state.
 */
async function applyServerStates(tx: SyncTx, snapshots: readonly RecordSnapshot[]): Promise<void> {
  const byType = new Map<string, Map<string, RecordState | null>>();
  for (const { recordType, recordId, state } of snapshots) {
    const states = byType.get(recordType) ?? byType.set(recordType, new Map()).get(recordType)!;
    const earlier = states.get(recordId);
    if (earlier && state && earlier.rev > state.rev) continue;
    states.set(recordId, state);
  }
  // Every type's reads go out at once, then every type's writes: each wait is a round trip to the
  // storage, and a page of a first pull touches four types.
  const types = [...byType].map(([recordType, states]) => ({ recordType, states, ids: [...states.keys()] }));
  const read = await Promise.all(types.map(({ recordType, ids }) => Promise.all([tx.getRecords(recordType, ids), tx.outboxFor(recordType, ids)])));
  const writes: Promise<void>[] = [];
  types.forEach(({ recordType, states, ids }, t) => {
    const [locals, outbox] = read[t]!;
    const pending = new Map<string, SyncOutboxRow[]>();
    for (const row of outbox) (pending.get(row.recordId) ?? pending.set(row.recordId, []).get(row.recordId)!).push(row);
    const put: LocalRecord[] = [];
    const remove: string[] = [];
    ids.forEach((id, k) => {
      const state = states.get(id)!;
      const local = locals[k];
      const rows = pending.get(id) ?? [];
      if (state === null) {
        if (local && rows.length === 0) remove.push(id);
        return;
      }
      if (local && local.rev > state.rev) return; // we already hold a newer copy
      const record: LocalRecord = { ...state.data, id, rev: state.rev };
      if (state.deleted && record.deleted === undefined) record.deleted = true;
      for (const row of rows) {
        for (const [f, v] of Object.entries(row.fields)) if (!SYSTEM.has(f)) record[f] = v;
      }
      put.push(record);
    });
    if (remove.length) writes.push(tx.deleteRecords(recordType, remove));
    if (put.length) writes.push(tx.putRecords(recordType, put));
  });
  await Promise.all(writes);
}

/** How a local key is named among the unconfirmed keys of a full copy. */
const recordKeyOf = (recordType: string, id: string) => `r\u0000${recordType}\u0000${id}`;
const institutionKeyOf = (id: string) => `i\u0000${id}`;
const conflictKeyOf = (id: string) => `c\u0000${id}`;

/** Pull to the head; `withPush`: the first page already came with the last push (pushAll). */
async function pullAll(storage: SyncStorage, fetch: SyncFetch, limit: number, now: () => Date, report: SyncReport, onProgress?: (p: PullProgress) => void, withPush?: PulledWithPush): Promise<void> {
  const meta = withPush?.meta ?? (await storage.transaction((tx) => tx.getMeta()));
  const cursor = meta.cursor ?? 0;
  const epoch = meta.epoch;
  // A full copy cut short goes on from its cursor: what it has not delivered is still in storage.
  let resetting = meta.resetting === true;
  let received = 0;
  let total: number | undefined;
  let first = true;

  // The next page is asked for as soon as this one has arrived, so the server prepares and sends it
  // while this one is written to storage (a first pull is about as much waiting for one as for the
  // other). A pull changes nothing on the server: a page asked for but never applied (the write
  // failed, or the sync was cut short) costs nothing, and the stored cursor still says where to go on.
  const request = (from: number, fromEpoch: number | undefined, withCount: boolean): Promise<PullResponse> => {
    const query = `v=${PROTOCOL_VERSION}&cursor=${from}&limit=${limit}${fromEpoch === undefined ? '' : `&epoch=${fromEpoch}`}${withCount ? '&count=1' : ''}`;
    return call(fetch, 'GET', `/api/sync/pull?${query}`).then((res) => {
      if (res.status !== 200) throw failureFor(res.status, res.json);
      const parsed = PullResponseSchema.safeParse(res.json);
      if (!parsed.success) throw new SyncFailure({ kind: 'protocol', retryable: true, ...keyed('errors:protocol.pullUnreadable') });
      return parsed.data;
    });
  };
  let coming = withPush ? Promise.resolve(withPush.page) : request(cursor, epoch, true);

  for (;;) {
    const page = await coming;
    if (first) total = page.total;
    else if (page.reset) total = undefined; // a copy started over mid-way: the count no longer holds
    first = false;
    const startsCopy = page.reset;
    if (startsCopy) {
      resetting = true;
      report.reset = true;
    }
    const last = !page.hasMore;
    if (!last) {
      coming = request(page.nextCursor, page.scope.epoch, false);
      coming.catch(() => undefined); // its failure is reported when it is awaited, after this page is stored
    }

    await storage.transaction(async (tx) => {
      if (startsCopy) {
        // A full copy starts here (again): what it does not contain is no longer ours to see.
        await tx.clearUnconfirmed();
        const keys = [
          ...(await tx.listRecordKeys()).map((k) => recordKeyOf(k.recordType, k.id)),
          ...(await tx.listReferenceIds('institution')).map(institutionKeyOf),
          ...(await tx.listConflictIds()).map(conflictKeyOf),
        ];
        if (keys.length) await tx.addUnconfirmed(keys);
      }
      // The page's parts go out together (each wait is a round trip); the sweep at a copy's end reads what they wrote.
      await Promise.all([
        applyServerStates(
          tx,
          page.changes.map((c) => ({ recordType: c.recordType, recordId: c.recordId, state: c.withdrawn ? null : { rev: c.rev, deleted: c.deleted, data: c.data } })),
        ),
        page.institutions.length ? tx.putReferences('institution', page.institutions) : undefined,
        page.frameworks.length ? tx.putReferences('framework', page.frameworks) : undefined,
        page.goals.length ? tx.putReferences('goal', page.goals) : undefined,
        page.tilsynsrammer.length ? tx.putReferences('tilsynsramme', page.tilsynsrammer) : undefined,
        storeConflicts(tx, page.conflicts),
      ]);
      if (resetting) {
        const delivered = [
          ...page.changes.filter((c) => !c.withdrawn).map((c) => recordKeyOf(c.recordType, c.recordId)),
          ...page.institutions.map((i) => institutionKeyOf(i.id)),
          ...page.conflicts.filter((c) => !c.resolvedAt).map((c) => conflictKeyOf(c.id)),
        ];
        if (delivered.length) await tx.confirm(delivered);
        if (last) await sweep(tx);
      }
      // The copy's epoch is kept with its cursor from its first page on, so a pull cut short goes on
      // where it stopped; the scope the rules read is taken only once the copy is complete.
      await tx.setMeta({
        cursor: page.nextCursor,
        epoch: page.scope.epoch,
        resetting: resetting && !last,
        ...(!resetting || last ? { scope: page.scope } : {}),
        lastPullAt: now().toISOString(),
      });
    }, { relaxed: true });
    report.pulled += page.changes.length;
    received += page.changes.length;
    onProgress?.(total === undefined ? { received } : { received, total: Math.max(total, received) });
    if (last) return;
  }
}

/** At the end of a full copy: drop synced records, institutions and conflicts it did not contain (pending work stays). */
async function sweep(tx: SyncTx): Promise<void> {
  const records = new Map<string, string[]>();
  const institutions: string[] = [];
  const conflicts: string[] = [];
  for (const key of await tx.listUnconfirmed()) {
    const [kind, a, b] = key.split('\u0000');
    if (kind === 'r' && a !== undefined && b !== undefined) (records.get(a) ?? records.set(a, []).get(a)!).push(b);
    else if (kind === 'i' && a !== undefined) institutions.push(a);
    else if (kind === 'c' && a !== undefined) conflicts.push(a);
  }
  for (const [type, ids] of records) {
    const locals = await tx.getRecords(type, ids);
    const pending = new Set((await tx.outboxFor(type, ids)).map((r) => r.recordId));
    const gone = ids.filter((id, k) => locals[k] && locals[k]!.rev !== 0 && !pending.has(id));
    if (gone.length) await tx.deleteRecords(type, gone);
  }
  if (institutions.length) await tx.deleteReferences('institution', institutions);
  if (conflicts.length) await tx.deleteConflicts(conflicts);
  await tx.clearUnconfirmed();
}
