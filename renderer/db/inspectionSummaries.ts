import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { THEME_IDS } from '../../shared/framework';
import type { Inspection, ThemeScore } from '../../shared/inspection';

/*
 * A compact per-inspection summary for the dashboard: the inspection's dated facts and its theme
 * scores without their notes, one small row per inspection. At 4,000 institutions × 10 years the dashboard then
 * reads 40,000 small rows instead of 280,000 scores with their notes.
 *
 * The rows are kept by a Dexie DBCore middleware below every table API, so every write to
 * `inspections` or `themeScores` (an edit, an import, a sync pull, a reset) updates the summary in the
 * same transaction: readwrite transactions on those tables are widened to include the summary store,
 * and a summary can never disagree with the records it was made from.
 */

export const SUMMARY_TABLE = 'inspectionSummaries';

export type SummaryScore = Pick<ThemeScore, 'themeId' | 'step' | 'notAssessed' | 'notAssessedReason'>;

/** The inspection fields a figure uses (consultants, participants and texts stay in the record). */
export type SummaryInspection = Pick<Inspection, 'institutionId' | 'frameworkId' | 'date' | 'status' | 'visitType' | 'kind' | 'updatedAt'>;

/**
 * One stored row, kept small on purpose: reading IndexedDB costs by the byte, and at 4,000
 * institutions there are 40,000 of these. The scores are two characters each in `s`: the theme's
 * position in THEME_IDS (base 36) and the step '1'–'4', '-' for none or 'i' for "ikke vurderet"
 * (its reason in `r`, by theme id).
 */
export interface InspectionSummary {
  /** The inspection's id. */
  id: string;
  /** Null while only scores are known (a pull can bring scores before their inspection). */
  i: SummaryInspection | null;
  s: string;
  r?: Record<string, string>;
  /** Newest `updatedAt` of the scores. */
  u: string | null;
}

type Row = InspectionSummary;

const emptyRow = (id: string): Row => ({ id, i: null, s: '', u: null });

function pickInspection(i: Inspection): SummaryInspection {
  return { institutionId: i.institutionId, frameworkId: i.frameworkId, date: i.date, status: i.status, visitType: i.visitType, kind: i.kind, updatedAt: i.updatedAt };
}

/** The inspection a summary stands for, with the fields no figure uses left empty. */
export function inspectionOf(row: Row): Inspection | null {
  return row.i ? { ...row.i, id: row.id, rev: 0, consultants: [], participants: [] } : null;
}

export function scoresOf(row: Row): SummaryScore[] {
  const out: SummaryScore[] = [];
  for (let k = 0; k < row.s.length; k += 2) {
    const themeId = THEME_IDS[parseInt(row.s[k]!, 36)];
    if (!themeId) continue;
    const c = row.s[k + 1]!;
    const notAssessed = c === 'i';
    out.push({ themeId, step: c >= '1' && c <= '4' ? (Number(c) as SummaryScore['step']) : null, notAssessed, notAssessedReason: notAssessed ? (row.r?.[themeId] ?? '') : '' });
  }
  return out;
}

function encodeScores(row: Row, scores: readonly SummaryScore[]) {
  let s = '';
  const r: Record<string, string> = {};
  for (const x of scores) {
    const k = THEME_IDS.indexOf(x.themeId);
    if (k < 0) continue;
    s += k.toString(36) + (x.notAssessed ? 'i' : x.step ? String(x.step) : '-');
    if (x.notAssessed) r[x.themeId] = x.notAssessedReason;
  }
  row.s = s;
  if (Object.keys(r).length) row.r = r;
  else delete row.r;
}

/** Builds every summary from the records (the schema upgrade, and tests). */
export function buildSummaries(inspections: readonly Inspection[], scores: readonly ThemeScore[]): Row[] {
  const rows = new Map<string, Row>();
  const row = (id: string) => rows.get(id) ?? rows.set(id, emptyRow(id)).get(id)!;
  for (const i of inspections) row(i.id).i = pickInspection(i);
  for (const s of scores) setScore(row(s.inspectionId), s);
  return [...rows.values()];
}

function setScore(row: Row, s: ThemeScore) {
  const scores = scoresOf(row);
  const next: SummaryScore = { themeId: s.themeId, step: s.step ?? null, notAssessed: !!s.notAssessed, notAssessedReason: s.notAssessedReason ?? '' };
  const k = scores.findIndex((x) => x.themeId === s.themeId);
  if (k >= 0) scores[k] = next;
  else scores.push(next);
  encodeScores(row, scores);
  if (s.updatedAt && (!row.u || s.updatedAt > row.u)) row.u = s.updatedAt;
}

function removeScore(row: Row, s: ThemeScore) {
  encodeScores(row, scoresOf(row).filter((x) => x.themeId !== s.themeId));
}

function inScope(trans: DBCoreTransaction): boolean {
  const names = (trans as unknown as IDBTransaction).objectStoreNames;
  return !!names && names.contains(SUMMARY_TABLE);
}

/*
 * Everything below chains .then() on Dexie's own promises and never uses async/await: the middlewares
 * under this one find their transaction in Dexie's zone, which a native await does not carry over.
 */

/** Applies a change to the summaries of the given inspections: read them, change them, write them, in `trans`. */
function patchSummaries(summaries: DBCoreTable, trans: DBCoreTransaction, ids: Iterable<string>, change: (row: Row) => void): PromiseLike<unknown> {
  const keys = [...new Set(ids)];
  if (keys.length === 0) return Promise.resolve();
  return summaries.getMany({ trans, keys }).then((existing: (Row | undefined)[]) => {
    const put: Row[] = [];
    const remove: string[] = [];
    keys.forEach((id, k) => {
      const row = existing[k] ? structuredClone(existing[k]!) : emptyRow(id);
      change(row);
      if (!row.i && row.s === '') remove.push(id);
      else put.push(row);
    });
    const written = put.length ? summaries.mutate({ type: 'put', trans, values: put }) : Promise.resolve();
    return written.then(() => (remove.length ? summaries.mutate({ type: 'delete', trans, keys: remove }) : undefined));
  });
}

/** The records a deleteRange is about to remove (read before they are gone). */
function doomed(table: DBCoreTable, req: DBCoreMutateRequest): PromiseLike<unknown[]> {
  if (req.type !== 'deleteRange') return Promise.resolve([]);
  return table.query({ trans: req.trans, values: true, query: { index: table.schema.primaryKey, range: req.range as DBCoreKeyRange } }).then((r) => r.result);
}

/** A theme score's id is `${inspectionId}:${themeId}` (themeScoreId): a delete needs no read to know what it removes. */
function scoreOfKey(key: string): ThemeScore {
  const at = key.lastIndexOf(':');
  return { id: key, inspectionId: key.slice(0, at), themeId: key.slice(at + 1) } as ThemeScore;
}

function written(req: DBCoreMutateRequest, res: DBCoreMutateResponse): unknown[] {
  if (req.type !== 'put' && req.type !== 'add') return [];
  return req.values.filter((_, k) => !res.failures[k]);
}

function summarising(down: DBCore, table: DBCoreTable): DBCoreTable {
  const isScores = table.name === 'themeScores';
  return {
    ...table,
    mutate(req) {
      if (!inScope(req.trans)) return table.mutate(req);
      const summaries = down.table(SUMMARY_TABLE);
      const ranged = req.type === 'deleteRange' ? doomed(table, req) : Promise.resolve([]);
      return ranged.then((inRange) =>
        table.mutate(req).then((res) => {
          const deleted = req.type === 'delete' ? (req.keys as string[]) : [];
          const values = written(req, res);
          let patched: PromiseLike<unknown>;
          if (isScores) {
            const gone = [...(inRange as ThemeScore[]), ...deleted.map(scoreOfKey)];
            const put = values as ThemeScore[];
            patched = patchSummaries(summaries, req.trans, [...gone, ...put].map((s) => s.inspectionId), (row) => {
              for (const s of gone) if (s.inspectionId === row.id) removeScore(row, s);
              for (const s of put) if (s.inspectionId === row.id) setScore(row, s);
            });
          } else {
            const gone = new Set([...(inRange as Inspection[]).map((i) => i.id), ...deleted]);
            const put = new Map((values as Inspection[]).map((i) => [i.id, i]));
            patched = patchSummaries(summaries, req.trans, [...gone, ...put.keys()], (row) => {
              const next = put.get(row.id);
              row.i = next ? pickInspection(next) : gone.has(row.id) ? null : row.i;
            });
          }
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
        const widened = hasSummaries && mode === 'readwrite' && stores.some((s) => SOURCES.has(s)) && !stores.includes(SUMMARY_TABLE);
        return down.transaction(widened ? [...stores, SUMMARY_TABLE] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        return hasSummaries && SOURCES.has(name) ? summarising(down, table) : table;
      },
    };
  },
};
