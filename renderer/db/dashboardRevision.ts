import Dexie, { type DBCore, type DBCoreMutateResponse, type DBCoreTransaction, type Middleware } from 'dexie';
import { REVISION_KEY, REVISION_TABLE, type RevisionRow } from './dashboardStores';

/*
 * The dashboard's data revision: a row that every write to a store the dashboard reads changes, in
 * the same transaction (a Dexie DBCore middleware below every table API, like inspectionSummaries.ts).
 * The dashboard's worker stores the result it computed with the revision it read beside the data,
 * and shows it at the next start only while the revision is still the same (dashboardCache.ts):
 * a write the dashboard cannot have seen always makes it compute again.
 *
 * The revision is a fresh random id, written without reading the old one: one small put per write
 * transaction, no read round trip on the save path.
 */

/** Every store whose records change a dashboard figure (the summaries follow inspections and scores). */
const DASHBOARD_SOURCES: ReadonlySet<string> = new Set(['institutions', 'inspections', 'themeScores', 'frameworks', 'goals', 'tilsynsrammer']);

/** 128 random bits (getRandomValues, unlike randomUUID, exists outside secure contexts too). */
export function freshRevision(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (x) => x.toString(36)).join('.');
}

export const dashboardRevisionMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'DashboardRevision',
  create(down) {
    const hasRevision = down.schema.tables.some((t) => t.name === REVISION_TABLE);
    const bumped = new WeakSet<DBCoreTransaction>();
    return {
      ...down,
      transaction(stores, mode, options) {
        if (!hasRevision || mode !== 'readwrite' || !stores.some((s) => DASHBOARD_SOURCES.has(s))) return down.transaction(stores, mode, options);
        return down.transaction([...new Set([...stores, REVISION_TABLE])], mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (!hasRevision || !DASHBOARD_SOURCES.has(name)) return table;
        const revisions = down.table(REVISION_TABLE);
        return {
          ...table,
          mutate(req) {
            const t = req.trans as unknown as IDBTransaction;
            if (bumped.has(req.trans) || !t.objectStoreNames.contains(REVISION_TABLE)) return table.mutate(req);
            // Once per transaction, issued beside the write (not after it); a failed bump fails the write with it.
            bumped.add(req.trans);
            const bump = revisions.mutate({ type: 'put', trans: req.trans, values: [{ id: REVISION_KEY, rev: freshRevision() } satisfies RevisionRow] });
            // Dexie.Promise, not a native one: the middlewares under this one find their transaction in Dexie's zone.
            return Dexie.Promise.all([table.mutate(req), bump]).then(([res]) => res as DBCoreMutateResponse) as Promise<DBCoreMutateResponse>;
          },
        };
      },
    };
  },
};
