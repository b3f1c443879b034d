import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type { Inspection, ThemeScore } from '../../shared/inspection';

/*
 * A compact per-inspection summary for the dashboard: the inspection record and its theme scores
 * without their notes, one row per inspection. At 4,000 institutions × 10 years the dashboard then
 * reads 40,000 small rows instead of 280,000 scores with their notes.
 *
 * The rows are kept by a Dexie DBCore middleware below every table API, so every write to
 * `inspections` or `themeScores` (an edit, an import, a sync pull, a reset) updates the summary in the
 * same transaction: readwrite transactions on those tables are widened to include the summary store,
 * and a summary can never disagree with the records it was made from.
 */

export const SUMMARY_TABLE = 'inspectionSummaries';

export type SummaryScore = Pick<ThemeScore, 'themeId' | 'step' | 'notAssessed' | 'notAssessedReason'>;

export interface InspectionSummary {
  /** The inspection's id. */
  id: string;
  /** Null while only scores are known (a pull can bring scores before their inspection). */
  inspection: Inspection | null;
  /** At most one per theme, in the order they were first written. */
  scores: SummaryScore[];
  /** Newest `updatedAt` of the scores. */
  scoresUpdatedAt: string | null;
}

type Row = InspectionSummary;

const emptyRow = (id: string): Row => ({ id, inspection: null, scores: [], scoresUpdatedAt: null });

export function compactScore(s: ThemeScore): SummaryScore {
  return { themeId: s.themeId, step: s.step ?? null, notAssessed: !!s.notAssessed, notAssessedReason: s.notAssessedReason ?? '' };
}

/** Builds every summary from the records (the schema upgrade, and tests). */
export function buildSummaries(inspections: readonly Inspection[], scores: readonly ThemeScore[]): Row[] {
  const rows = new Map<string, Row>();
  const row = (id: string) => rows.get(id) ?? rows.set(id, emptyRow(id)).get(id)!;
  for (const i of inspections) row(i.id).inspection = i;
  for (const s of scores) setScore(row(s.inspectionId), s);
  return [...rows.values()];
}

function setScore(row: Row, s: ThemeScore) {
  const k = row.scores.findIndex((x) => x.themeId === s.themeId);
  if (k >= 0) row.scores[k] = compactScore(s);
  else row.scores.push(compactScore(s));
  if (s.updatedAt && (!row.scoresUpdatedAt || s.updatedAt > row.scoresUpdatedAt)) row.scoresUpdatedAt = s.updatedAt;
}

function removeScore(row: Row, s: ThemeScore) {
  row.scores = row.scores.filter((x) => x.themeId !== s.themeId);
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
      if (!row.inspection && row.scores.length === 0) remove.push(id);
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
              row.inspection = put.get(row.id) ?? (gone.has(row.id) ? null : row.inspection);
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
