import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
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

/** The inspection a summary stands for, with the fields no figure uses left empty. */
export function inspectionOf(entry: InspectionSummary): Inspection | null {
  return entry.i ? { ...entry.i, id: entry.id, rev: 0, consultants: [], participants: [] } : null;
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
 * Everything below chains .then() on Dexie's own promises and never uses async/await: the middlewares
 * under this one find their transaction in Dexie's zone, which a native await does not carry over.
 */

/** The rows of some institutions, as maps by inspection id, to change and write back. */
class Rows {
  private rows = new Map<string, Map<string, InspectionSummary>>();
  constructor(ids: readonly string[], stored: (InstitutionSummaries | undefined)[]) {
    ids.forEach((id, k) => this.rows.set(id, new Map((stored[k] ? entriesOf(stored[k]!) : []).map((e) => [e.id, e]))));
  }
  /** Takes an inspection's entry out of whichever of these rows holds it (or a new one). */
  take(inspectionId: string): InspectionSummary {
    for (const row of this.rows.values()) {
      const e = row.get(inspectionId);
      if (e) {
        row.delete(inspectionId);
        return e;
      }
    }
    return emptyEntry(inspectionId);
  }
  put(rowId: string, e: InspectionSummary) {
    if (e.i || e.s) this.rows.get(rowId)!.set(e.id, e);
  }
  write(table: DBCoreTable, trans: DBCoreTransaction): PromiseLike<unknown> {
    const put: InstitutionSummaries[] = [];
    const remove: string[] = [];
    for (const [id, row] of this.rows) if (row.size) put.push(rowOf(id, row.values()));
    else remove.push(id);
    return table.mutate({ type: 'put', trans, values: put }).then(() => (remove.length ? table.mutate({ type: 'delete', trans, keys: remove }) : undefined));
  }
}

function withRows(summaries: DBCoreTable, trans: DBCoreTransaction, ids: Iterable<string>, change: (rows: Rows) => void): PromiseLike<unknown> {
  const keys = [...new Set(ids)];
  return summaries.getMany({ trans, keys }).then((stored: (InstitutionSummaries | undefined)[]) => {
    const rows = new Rows(keys, stored);
    change(rows);
    return rows.write(summaries, trans);
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

function afterInspections(down: DBCore, trans: DBCoreTransaction, old: Inspection[], put: Inspection[], deleted: string[]) {
  const gone = new Set([...deleted, ...old.filter((o) => !put.some((p) => p.id === o.id)).map((o) => o.id)]);
  const ids = [ORPHANS, ...old.map((i) => i.institutionId), ...put.map((i) => i.institutionId)];
  return withRows(down.table(SUMMARY_TABLE), trans, ids, (rows) => {
    for (const i of put) {
      const e = rows.take(i.id);
      e.i = pickInspection(i);
      rows.put(i.institutionId, e);
    }
    // A removed inspection's scores may still be in the database: they wait under ORPHANS.
    for (const id of gone) {
      const e = rows.take(id);
      e.i = null;
      rows.put(ORPHANS, e);
    }
  });
}

function afterScores(down: DBCore, trans: DBCoreTransaction, removed: Pick<ThemeScore, 'inspectionId' | 'themeId'>[], put: ThemeScore[]) {
  const inspectionIds = [...new Set([...removed, ...put].map((s) => s.inspectionId))];
  if (inspectionIds.length === 0) return Promise.resolve();
  return down
    .table('inspections')
    .getMany({ trans, keys: inspectionIds })
    .then((inspections: (Inspection | undefined)[]) => {
      const home = new Map(inspectionIds.map((id, k) => [id, inspections[k]?.institutionId ?? ORPHANS]));
      return withRows(down.table(SUMMARY_TABLE), trans, home.values(), (rows) => {
        for (const id of inspectionIds) {
          const e = rows.take(id);
          for (const s of removed) if (s.inspectionId === id) removeScore(e, s.themeId);
          for (const s of put) if (s.inspectionId === id) setScore(e, s);
          rows.put(home.get(id)!, e);
        }
      });
    });
}

function summarising(down: DBCore, table: DBCoreTable): DBCoreTable {
  const isScores = table.name === 'themeScores';
  return {
    ...table,
    mutate(req) {
      const names = (req.trans as unknown as IDBTransaction).objectStoreNames;
      if (!names?.contains(SUMMARY_TABLE) || !names.contains('inspections')) return table.mutate(req);
      return before(table, req).then((old) =>
        table.mutate(req).then((res) => {
          const deleted = req.type === 'delete' ? (req.keys as string[]) : [];
          const values = written(req, res);
          const patched = isScores
            ? afterScores(down, req.trans, [...(old as ThemeScore[]), ...deleted.map(scoreOfKey)], values as ThemeScore[])
            : afterInspections(down, req.trans, old as Inspection[], values as Inspection[], deleted);
          return patched.then(() => res);
        }),
      ) as Promise<DBCoreMutateResponse>;
    },
  };
}

const SOURCES = new Set(['inspections', 'themeScores']);

export const inspectionSummaryMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'InspectionSummaries',
  create(down) {
    const hasSummaries = down.schema.tables.some((t) => t.name === SUMMARY_TABLE);
    return {
      ...down,
      transaction(stores, mode, options) {
        if (!hasSummaries || mode !== 'readwrite' || !stores.some((s) => SOURCES.has(s))) return down.transaction(stores, mode, options);
        return down.transaction([...new Set([...stores, SUMMARY_TABLE, 'inspections'])], mode, options);
      },
      table(name) {
        const table = down.table(name);
        return hasSummaries && SOURCES.has(name) ? summarising(down, table) : table;
      },
    };
  },
};
