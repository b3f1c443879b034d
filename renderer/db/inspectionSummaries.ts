import Dexie, { type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import { THEME_IDS } from '../../shared/framework';
import type { Inspection, ThemeScore } from '../../shared/inspection';

/*
 * A compact summary of every inspection for the dashboard: its dated facts and its theme scores
 * without their notes, grouped in one row per institution. At 4,000 institutions × 10 years the
 * dashboard reads 4,000 small rows instead of 40,000 inspections and 280,000 scores with their
 * notes: IndexedDB costs by the row and by the byte.
 *
 * The rows are kept by a Dexie DBCore middleware below every table API, so every write to
 * `inspections` or `themeScores` (an edit, an import, a sync pull, a reset) updates them in the same
 * transaction: readwrite transactions on those tables are widened to include the summaries (and
 * the inspections, to find a score's institution), and a summary never disagrees with its records.
 */

export const SUMMARY_TABLE = 'institutionSummaries';
/** The row for scores whose inspection this database does not have (yet): a pull can bring them first. */
export const ORPHANS = '~';

export type SummaryScore = Pick<ThemeScore, 'themeId' | 'step' | 'notAssessed' | 'notAssessedReason'>;

/** The inspection fields a figure uses (consultants, participants and texts stay in the record). */
export type SummaryInspection = Pick<Inspection, 'institutionId' | 'frameworkId' | 'date' | 'status' | 'visitType' | 'kind' | 'updatedAt'>;

/**
 * One inspection, kept small on purpose. The scores are two characters each in `s`: the theme's
 * position in THEME_IDS (base 36) and the step '1'–'4', '-' for none or 'i' for "ikke vurderet"
 * (its reason in `r`, by theme id).
 */
export interface InspectionSummary {
  /** The inspection's id. */
  id: string;
  /** Null while only scores are known. */
  i: SummaryInspection | null;
  s: string;
  r?: Record<string, string>;
  /** Newest `updatedAt` of the scores. */
  u: string | null;
}

/**
 * One stored row: an institution's inspections (or, under ORPHANS, inspections known only by their
 * scores), each as one tab-separated string (encodeEntry): strings cost IndexedDB far less to hand
 * over than as many small objects. Reasons for "ikke vurderet" are in `r`, by inspection id.
 */
export interface InstitutionSummaries {
  id: string;
  n: string[];
  r?: Record<string, Record<string, string>>;
}

const TAB = '\t';

/** `id, frameworkId, date, status, visitType, kind, updatedAt, s, u`; the fields of `i` empty while it is null. */
function encodeEntry(e: InspectionSummary): string {
  const i = e.i;
  return [e.id, i ? '1' : '0', i?.frameworkId ?? '', i?.date ?? '', i?.status ?? '', i?.visitType ?? '', i?.kind ?? '', i?.updatedAt ?? '', e.s, e.u ?? ''].join(TAB);
}

function decodeEntry(rowId: string, line: string, reasons: InstitutionSummaries['r']): InspectionSummary {
  const [id, has, frameworkId, date, status, visitType, kind, updatedAt, sc, u] = line.split(TAB) as string[];
  const i: SummaryInspection | null = has === '1' ? ({ institutionId: rowId, frameworkId, date, status, visitType, kind, updatedAt } as SummaryInspection) : null;
  const e: InspectionSummary = { id: id!, i, s: sc ?? '', u: u || null };
  const r = reasons?.[id!];
  if (r) e.r = r;
  return e;
}

const THEME_BY_CODE = new Map(THEME_IDS.map((t, k) => [k.toString(36), t]));

/**
 * Every inspection and score of a stored row, decoded straight from its strings (the dashboard's read
 * at 4,000 institutions: 280,000 scores, 2–3× faster than entriesOf + scoresOf, which build an
 * object per entry and per score on the way). The fields no figure uses are left empty.
 */
export function decodeRow(row: InstitutionSummaries, onInspection: (i: Inspection) => void, onScore: (inspectionId: string, score: SummaryScore, updatedAt: string) => void) {
  for (const line of row.n) {
    const [id, has, frameworkId, date, status, visitType, kind, updatedAt, sc = '', u = ''] = line.split(TAB) as string[];
    if (has === '1') onInspection({ institutionId: row.id, frameworkId, date, status, visitType, kind, updatedAt, id, rev: 0, consultants: [], participants: [] } as unknown as Inspection);
    const reasons = row.r?.[id!];
    for (let k = 0; k < sc.length; k += 2) {
      const themeId = THEME_BY_CODE.get(sc[k]!);
      if (!themeId) continue;
      const c = sc[k + 1]!;
      const notAssessed = c === 'i';
      onScore(id!, { themeId, step: c >= '1' && c <= '4' ? (Number(c) as SummaryScore['step']) : null, notAssessed, notAssessedReason: notAssessed ? (reasons?.[themeId] ?? '') : '' }, u);
    }
  }
}

/*
 * The scores of an inspection as one list shared by every inspection scored alike (no "ikke vurderet"
 * reasons): 40,000 inspections at 4,000 institutions have far fewer distinct score strings, so the
 * dashboard's worker builds a few thousand small lists instead of 280,000 score objects. Shared, so
 * never changed (not frozen: frozen arrays were slower to walk in the figures' loops).
 */
const SHARED_SCORES = new Map<string, readonly SummaryScore[]>();
const SHARED_SCORES_MAX = 100_000;

function scoresOfString(sc: string, reasons: Record<string, string> | undefined): readonly SummaryScore[] {
  const shared = reasons ? undefined : SHARED_SCORES.get(sc);
  if (shared) return shared;
  const out: SummaryScore[] = [];
  for (let k = 0; k < sc.length; k += 2) {
    const themeId = THEME_BY_CODE.get(sc[k]!);
    if (!themeId) continue;
    const c = sc[k + 1]!;
    const notAssessed = c === 'i';
    out.push({ themeId, step: c >= '1' && c <= '4' ? (Number(c) as SummaryScore['step']) : null, notAssessed, notAssessedReason: notAssessed ? (reasons?.[themeId] ?? '') : '' });
  }
  if (!reasons && SHARED_SCORES.size < SHARED_SCORES_MAX) SHARED_SCORES.set(sc, out);
  return out;
}

const NO_NAMES: readonly string[] = [];

/**
 * Every inspection of a stored row (null for scores whose inspection is not known) with its scores
 * (shared lists, see above) and their newest `updatedAt`: what the dashboard's index is built from.
 * The inspection's fields no figure uses are left empty.
 */
export function decodeRowGrouped(row: InstitutionSummaries, onEntry: (inspectionId: string, inspection: Inspection | null, scores: readonly SummaryScore[], scoresUpdatedAt: string) => void) {
  for (const e of decodedEntries(row)) onEntry(e.id, e.inspection, e.scores, e.u);
}

interface DecodedEntry {
  id: string;
  inspection: Inspection | null;
  scores: readonly SummaryScore[];
  u: string;
}

/*
 * The last decoding of each row, by row id: the dashboard's worker reads all 4,000 rows again after
 * every write, and all but the one written decode to what they did before. The decoding is a pure
 * function of the row's id, lines and reasons, so a row whose lines and reasons are the same gets the
 * same (never changed) objects back, whichever database it came from.
 */
const DECODED = new Map<string, { n: readonly string[]; r: string; entries: readonly DecodedEntry[] }>();

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function decodedEntries(row: InstitutionSummaries): readonly DecodedEntry[] {
  const r = row.r ? JSON.stringify(row.r) : '';
  const prev = DECODED.get(row.id);
  if (prev && prev.r === r && sameLines(prev.n, row.n)) return prev.entries;
  const entries: DecodedEntry[] = [];
  for (const line of row.n) {
    const [id, has, frameworkId, date, status, visitType, kind, updatedAt, sc = '', u = ''] = line.split(TAB) as string[];
    const inspection = has === '1' ? ({ institutionId: row.id, frameworkId, date, status, visitType, kind, updatedAt, id, rev: 0, consultants: NO_NAMES, participants: NO_NAMES } as unknown as Inspection) : null;
    entries.push({ id: id!, inspection, scores: scoresOfString(sc, row.r?.[id!]), u });
  }
  DECODED.set(row.id, { n: row.n, r, entries });
  return entries;
}

/** Date and status of each inspection a stored row holds (the institution list's coverage), without decoding the rest. */
export function datesOf(row: InstitutionSummaries): Pick<Inspection, 'date' | 'status'>[] {
  const out: Pick<Inspection, 'date' | 'status'>[] = [];
  for (const line of row.n) {
    const f = line.split(TAB, 5);
    if (f[1] === '1') out.push({ date: f[3]!, status: f[4] as Inspection['status'] });
  }
  return out;
}

/** The inspections a stored row holds. */
export function entriesOf(row: InstitutionSummaries): InspectionSummary[] {
  return row.n.map((line) => decodeEntry(row.id, line, row.r));
}

function rowOf(id: string, entries: Iterable<InspectionSummary>): InstitutionSummaries {
  const row: InstitutionSummaries = { id, n: [] };
  for (const e of entries) {
    row.n.push(encodeEntry(e));
    if (e.r) (row.r ??= {})[e.id] = e.r;
  }
  return row;
}

const emptyEntry = (id: string): InspectionSummary => ({ id, i: null, s: '', u: null });

function pickInspection(i: Inspection): SummaryInspection {
  return { institutionId: i.institutionId, frameworkId: i.frameworkId, date: i.date, status: i.status, visitType: i.visitType, kind: i.kind, updatedAt: i.updatedAt };
}

export function scoresOf(entry: InspectionSummary): SummaryScore[] {
  const out: SummaryScore[] = [];
  for (let k = 0; k < entry.s.length; k += 2) {
    const themeId = THEME_IDS[parseInt(entry.s[k]!, 36)];
    if (!themeId) continue;
    const c = entry.s[k + 1]!;
    const notAssessed = c === 'i';
    out.push({ themeId, step: c >= '1' && c <= '4' ? (Number(c) as SummaryScore['step']) : null, notAssessed, notAssessedReason: notAssessed ? (entry.r?.[themeId] ?? '') : '' });
  }
  return out;
}

function encodeScores(entry: InspectionSummary, scores: readonly SummaryScore[]) {
  let s = '';
  const r: Record<string, string> = {};
  for (const x of scores) {
    const k = THEME_IDS.indexOf(x.themeId);
    if (k < 0) continue;
    s += k.toString(36) + (x.notAssessed ? 'i' : x.step ? String(x.step) : '-');
    if (x.notAssessed) r[x.themeId] = x.notAssessedReason;
  }
  entry.s = s;
  if (Object.keys(r).length) entry.r = r;
  else delete entry.r;
}

function setScore(entry: InspectionSummary, s: ThemeScore) {
  const scores = scoresOf(entry);
  const next: SummaryScore = { themeId: s.themeId, step: s.step ?? null, notAssessed: !!s.notAssessed, notAssessedReason: s.notAssessedReason ?? '' };
  const k = scores.findIndex((x) => x.themeId === s.themeId);
  if (k >= 0) scores[k] = next;
  else scores.push(next);
  encodeScores(entry, scores);
  if (s.updatedAt && (!entry.u || s.updatedAt > entry.u)) entry.u = s.updatedAt;
}

function removeScore(entry: InspectionSummary, themeId: string) {
  encodeScores(entry, scoresOf(entry).filter((x) => x.themeId !== themeId));
}

/**
 * An institution's stored row after one score of one of its inspections (read in the same
 * transaction, so its entry is in this row) was written: the direct save (recordStore.ts
 * saveScoreDirect), which writes the row itself instead of through the middleware below.
 */
export function rowWithScore(row: InstitutionSummaries | undefined, inspection: Inspection, score: ThemeScore): InstitutionSummaries {
  const entries = new Map((row ? entriesOf(row) : []).map((e) => [e.id, e]));
  const e = entries.get(inspection.id) ?? emptyEntry(inspection.id);
  e.i = pickInspection(inspection);
  setScore(e, score);
  entries.set(e.id, e);
  return rowOf(inspection.institutionId, entries.values());
}

/** Builds every row from the records (the schema upgrade, and tests). */
export function buildSummaries(inspections: readonly Inspection[], scores: readonly ThemeScore[]): InstitutionSummaries[] {
  const entries = new Map<string, InspectionSummary>();
  const entry = (id: string) => entries.get(id) ?? entries.set(id, emptyEntry(id)).get(id)!;
  for (const i of inspections) entry(i.id).i = pickInspection(i);
  for (const s of scores) setScore(entry(s.inspectionId), s);
  const rows = new Map<string, InspectionSummary[]>();
  for (const e of entries.values()) {
    const key = e.i?.institutionId ?? ORPHANS;
    (rows.get(key) ?? rows.set(key, []).get(key)!).push(e);
  }
  return [...rows].map(([id, list]) => rowOf(id, list));
}

/*
 * Everything below chains .then() on Dexie's own promises (Dexie.Promise.all for parallel requests)
 * and never uses async/await: the middlewares under this one find their transaction in Dexie's zone,
 * which a native await does not carry over.
 *
 * A save is one record put: its summary row is read ahead with the inspection (the save reads that
 * first), the row's institution comes from `homes` when this database has seen the inspection, and
 * the summary is written beside the record, not after the record's answer, so a save makes no
 * round trip of its own for the summary (tests/bench/saveScore.ts).
 */

/** The rows of some institutions, as maps by inspection id, to change and write back (only those that changed). */
class Rows {
  private rows = new Map<string, Map<string, InspectionSummary>>();
  private stored = new Set<string>();
  private changed = new Set<string>();
  constructor(ids: readonly string[], stored: (InstitutionSummaries | undefined)[]) {
    ids.forEach((id, k) => {
      if (stored[k]) this.stored.add(id);
      this.rows.set(id, new Map((stored[k] ? entriesOf(stored[k]!) : []).map((e) => [e.id, e])));
    });
  }
  /** Takes an inspection's entry out of whichever of these rows holds it (or a new one). */
  take(inspectionId: string): InspectionSummary {
    for (const [id, row] of this.rows) {
      const e = row.get(inspectionId);
      if (e) {
        row.delete(inspectionId);
        this.changed.add(id);
        return e;
      }
    }
    return emptyEntry(inspectionId);
  }
  put(rowId: string, e: InspectionSummary) {
    if (!e.i && !e.s) return;
    this.rows.get(rowId)!.set(e.id, e);
    this.changed.add(rowId);
  }
  write(table: DBCoreTable, trans: DBCoreTransaction, state: TxState): PromiseLike<unknown> {
    const put: InstitutionSummaries[] = [];
    const remove: string[] = [];
    for (const id of this.changed) {
      state.prefetched.delete(id); // read before this write: stale from now on
      const row = this.rows.get(id)!;
      if (row.size) put.push(rowOf(id, row.values()));
      else if (this.stored.has(id)) remove.push(id);
    }
    const writes: PromiseLike<unknown>[] = [];
    if (put.length) writes.push(table.mutate({ type: 'put', trans, values: put }));
    if (remove.length) writes.push(table.mutate({ type: 'delete', trans, keys: remove }));
    return Dexie.Promise.all(writes);
  }
}

/** The rows of `ids`, from a read made ahead (prefetch) where there is one, else read now. */
function readRows(summaries: DBCoreTable, trans: DBCoreTransaction, state: TxState, ids: Iterable<string>): PromiseLike<Rows> {
  const keys = [...new Set(ids)];
  const ahead = keys.map((k) => state.prefetched.get(k));
  for (const k of keys) state.prefetched.delete(k);
  const rest = keys.filter((_, i) => !ahead[i]);
  const restRead: PromiseLike<unknown> = rest.length ? summaries.getMany({ trans, keys: rest }) : Dexie.Promise.resolve([]);
  const reads: PromiseLike<unknown>[] = [restRead, ...ahead.filter((p) => p !== undefined)];
  return Dexie.Promise.all(reads).then(([restRows, ...aheadRows]) => {
    let r = 0;
    let a = 0;
    const stored = keys.map((_, i) => (ahead[i] ? aheadRows[a++] : (restRows as unknown[])[r++]) as InstitutionSummaries | undefined);
    return new Rows(keys, stored);
  });
}

/** What a write is about to replace or remove (read before it is gone). */
function before(table: DBCoreTable, req: DBCoreMutateRequest): PromiseLike<unknown[]> {
  const trans = req.trans;
  if (req.type === 'deleteRange') return table.query({ trans, values: true, query: { index: table.schema.primaryKey, range: req.range as DBCoreKeyRange } }).then((r) => r.result);
  if (table.name !== 'inspections') return Promise.resolve([]);
  const keys = req.type === 'delete' ? req.keys : req.values.map((v: Inspection) => v.id);
  return table.getMany({ trans, keys }).then((rows: unknown[]) => rows.filter(Boolean));
}

function written(req: DBCoreMutateRequest, res: DBCoreMutateResponse): unknown[] {
  if (req.type !== 'put' && req.type !== 'add') return [];
  return req.values.filter((_, k) => !res.failures[k]);
}

/** A theme score's id is `${inspectionId}:${themeId}` (themeScoreId): a delete needs no read to know what it removes. */
function scoreOfKey(key: string): Pick<ThemeScore, 'inspectionId' | 'themeId'> {
  const at = key.lastIndexOf(':');
  return { inspectionId: key.slice(0, at), themeId: key.slice(at + 1) as ThemeScore['themeId'] };
}

/**
 * Inspection id → institution id, for the inspections this database has read or written. An
 * inspection's institution is fixed at creation (shared/rules/table.ts), so an entry never goes
 * stale; a deleted inspection is forgotten, and ORPHANS is always read beside, so an entry is found
 * wherever it waits.
 */
type Homes = Map<string, string>;
/** What the middleware keeps for one readwrite transaction. */
interface TxState {
  /** Inspections read in it: they exist in it, so their entries are in their institutions' rows. */
  seen: Set<string>;
  /** Summary rows read ahead when an inspection was read (a save of its content usually follows). */
  prefetched: Map<string, PromiseLike<InstitutionSummaries | undefined>>;
  /** Summary updates of one transaction run one after another (each reads what the one before wrote). */
  queue: PromiseLike<unknown>;
  /**
   * Inspections put in it, by id → institution, known from the put's request: a pulled page writes
   * its inspections and their scores side by side, and the scores' summary would otherwise read the
   * inspections back (a read per inspection, ~10 % of a first pull's IndexedDB work).
   */
  putting: Map<string, string>;
}

function afterInspections(down: DBCore, homes: Homes, trans: DBCoreTransaction, state: TxState, old: Inspection[], put: Inspection[], deleted: string[], rows: Rows) {
  const gone = new Set([...deleted, ...old.filter((o) => !put.some((p) => p.id === o.id)).map((o) => o.id)]);
  for (const i of put) {
    homes.set(i.id, i.institutionId);
    const e = rows.take(i.id);
    e.i = pickInspection(i);
    rows.put(i.institutionId, e);
  }
  // A removed inspection's scores may still be in the database: they wait under ORPHANS.
  for (const id of gone) {
    homes.delete(id);
    const e = rows.take(id);
    e.i = null;
    rows.put(ORPHANS, e);
  }
  return rows.write(down.table(SUMMARY_TABLE), trans, state);
}

/** The institutions of these inspections: from `homes`, else read (and remembered). */
function homesOf(down: DBCore, homes: Homes, trans: DBCoreTransaction, state: TxState, inspectionIds: string[]): PromiseLike<Map<string, string>> {
  const unknown = inspectionIds.filter((id) => !homes.has(id) && !state.putting.has(id));
  const known = () => new Map(inspectionIds.map((id) => [id, homes.get(id) ?? state.putting.get(id) ?? ORPHANS]));
  if (unknown.length === 0) return Dexie.Promise.resolve(known());
  return down
    .table('inspections')
    .getMany({ trans, keys: unknown })
    .then((inspections: (Inspection | undefined)[]) => {
      for (const i of inspections) if (i) homes.set(i.id, i.institutionId);
      return known();
    });
}

function afterScores(down: DBCore, trans: DBCoreTransaction, state: TxState, home: Map<string, string>, removed: Pick<ThemeScore, 'inspectionId' | 'themeId'>[], put: ThemeScore[], rows: Rows) {
  const inspectionIds = [...new Set([...removed, ...put].map((s) => s.inspectionId))];
  for (const id of inspectionIds) {
    const e = rows.take(id);
    for (const s of removed) if (s.inspectionId === id) removeScore(e, s.themeId);
    for (const s of put) if (s.inspectionId === id) setScore(e, s);
    rows.put(home.get(id)!, e);
  }
  return rows.write(down.table(SUMMARY_TABLE), trans, state);
}

const settle = <T,>(p: PromiseLike<T>) =>
  Dexie.Promise.resolve(p).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * A put of scores (a save, a pulled page): its summary is written beside it, not after its answer
 * comes back, so a save costs no extra round trip for the summary. The scores' store has no unique
 * index, so a put fails only with an invalid value or an aborted transaction (which takes the
 * summary with it); should any value still come back failed, the entries of its inspections are
 * rebuilt from the scores stored then, so a summary never shows a score that was not written.
 */
function speculativeScorePut(
  down: DBCore,
  homes: Homes,
  trans: DBCoreTransaction,
  state: TxState,
  table: DBCoreTable,
  req: DBCoreMutateRequest,
  inspectionIds: string[],
  orphans: string[],
  summarise: () => PromiseLike<unknown>,
): PromiseLike<DBCoreMutateResponse> {
  const mutated = settle(table.mutate(req));
  const summarised = state.queue.then(summarise);
  const done = Dexie.Promise.all([mutated, summarised]).then(([m]) => {
    if (m.ok && m.value.numFailures === 0) return m.value;
    return rebuildScores(down, homes, trans, state, table, inspectionIds, orphans).then(() => (m.ok ? m.value : Dexie.Promise.reject(m.error)));
  });
  state.queue = done.then(
    () => undefined,
    () => undefined,
  );
  return done;
}

/** The score part of these inspections' entries, made again from the scores stored now. */
function rebuildScores(down: DBCore, homes: Homes, trans: DBCoreTransaction, state: TxState, scores: DBCoreTable, inspectionIds: string[], orphans: string[]): PromiseLike<unknown> {
  const index = scores.schema.getIndexByKeyPath('inspectionId')!;
  const stored = Dexie.Promise.all(inspectionIds.map((id) => scores.query({ trans, values: true, query: { index, range: { type: 1 /* DBCoreRangeType.Equal */, lower: id, upper: id } } }).then((r) => r.result as ThemeScore[])));
  return Dexie.Promise.all([stored, homesOf(down, homes, trans, state, inspectionIds)]).then(([lists, home]) =>
    readRows(down.table(SUMMARY_TABLE), trans, state, [...orphans, ...home.values()]).then((rows) => {
      inspectionIds.forEach((id, k) => {
        const e = rows.take(id);
        encodeScores(e, []);
        e.u = null;
        for (const s of lists[k]!) setScore(e, s);
        rows.put(home.get(id)!, e);
      });
      return rows.write(down.table(SUMMARY_TABLE), trans, state);
    }),
  );
}

function summarising(down: DBCore, homes: Homes, states: WeakMap<DBCoreTransaction, TxState>, table: DBCoreTable): DBCoreTable {
  const isScores = table.name === 'themeScores';
  const summaries = down.table(SUMMARY_TABLE);
  const covered = (trans: DBCoreTransaction) => {
    const t = trans as unknown as IDBTransaction;
    return t.mode === 'readwrite' && t.objectStoreNames.contains(SUMMARY_TABLE) && t.objectStoreNames.contains('inspections');
  };
  const stateOf = (trans: DBCoreTransaction) => states.get(trans) ?? states.set(trans, { seen: new Set(), prefetched: new Map(), queue: Dexie.Promise.resolve(), putting: new Map() }).get(trans)!;
  return {
    ...table,
    // An inspection read in a write transaction: remembered by institution, and that institution's
    // summary row read at once, so the save that follows writes record and summary together.
    get(req) {
      if (isScores || !covered(req.trans)) return table.get(req);
      const state = stateOf(req.trans);
      const readAhead = (institutionId: string) => {
        if (!state.prefetched.has(institutionId)) state.prefetched.set(institutionId, summaries.get({ trans: req.trans, key: institutionId }));
      };
      const known = homes.get(req.key as string);
      if (known) readAhead(known);
      return table.get(req).then((i: Inspection | undefined) => {
        if (i?.institutionId) {
          homes.set(i.id, i.institutionId);
          state.seen.add(i.id);
          if (!known) readAhead(i.institutionId);
        }
        return i;
      });
    },
    mutate(req) {
      if (!covered(req.trans)) return table.mutate(req);
      const trans = req.trans;
      const state = stateOf(trans);
      // Known before the write lands: a score put beside it (the same page) need not read it back.
      // Should the put fail, the transaction goes with it (a sync's does; see applyServerStates).
      if (!isScores && req.type === 'put') for (const i of req.values as Inspection[]) if (i.institutionId) state.putting.set(i.id, i.institutionId);
      return before(table, req).then((old) => {
        const deleted = req.type === 'delete' ? (req.keys as string[]) : [];
        const values = req.type === 'put' || req.type === 'add' ? req.values : [];
        let summarise: (res: DBCoreMutateResponse) => PromiseLike<unknown>;
        if (isScores) {
          const removed = [...(old as ThemeScore[]), ...deleted.map(scoreOfKey)];
          const inspectionIds = [...new Set([...removed, ...(values as ThemeScore[])].map((s) => s.inspectionId))];
          if (inspectionIds.length === 0) return table.mutate(req);
          // An inspection read in this transaction exists, so its entry is in its institution's row;
          // otherwise (a remembered one may have been deleted in another tab since) ORPHANS is read too.
          const orphans = inspectionIds.some((id) => !state.seen.has(id)) ? [ORPHANS] : [];
          const summariseScores = (put: ThemeScore[]) =>
            homesOf(down, homes, trans, state, inspectionIds).then((home) => readRows(summaries, trans, state, [...orphans, ...home.values()]).then((rows) => afterScores(down, trans, state, home, removed, put, rows)));
          if (req.type === 'put') return speculativeScorePut(down, homes, trans, state, table, req, inspectionIds, orphans, () => summariseScores(values as ThemeScore[]));
          summarise = (res) => summariseScores(written(req, res) as ThemeScore[]);
        } else {
          const inspections = values as Inspection[];
          const ids = [ORPHANS, ...(old as Inspection[]).map((i) => i.institutionId), ...inspections.map((i) => i.institutionId)];
          summarise = (res) => readRows(summaries, trans, state, ids).then((rows) => afterInspections(down, homes, trans, state, old as Inspection[], written(req, res) as Inspection[], deleted, rows));
        }
        // The record write goes out at once; its summary follows the transaction's previous one.
        const mutated = table.mutate(req);
        const done = Dexie.Promise.all([mutated, state.queue]).then(([res]) => summarise(res as DBCoreMutateResponse).then(() => res as DBCoreMutateResponse));
        state.queue = done.then(
          () => undefined,
          () => undefined,
        );
        return done;
      }) as Promise<DBCoreMutateResponse>;
    },
  };
}

const SOURCES = new Set(['inspections', 'themeScores']);

export const inspectionSummaryMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'InspectionSummaries',
  create(down) {
    const hasSummaries = down.schema.tables.some((t) => t.name === SUMMARY_TABLE);
    const homes: Homes = new Map();
    const states = new WeakMap<DBCoreTransaction, TxState>();
    return {
      ...down,
      transaction(stores, mode, options) {
        if (!hasSummaries || mode !== 'readwrite' || !stores.some((s) => SOURCES.has(s))) return down.transaction(stores, mode, options);
        return down.transaction([...new Set([...stores, SUMMARY_TABLE, 'inspections'])], mode, options);
      },
      table(name) {
        const table = down.table(name);
        return hasSummaries && SOURCES.has(name) ? summarising(down, homes, states, table) : table;
      },
    };
  },
};
