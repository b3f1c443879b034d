import { CompiledQuery, type Compilable, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database, MutationsTable, RecordRevisionsTable, RecordsTable } from './schema';
import { isPostgres } from './sequence';

/** A hot query's parameters: values go in as bound parameters; booleans choose the query's shape. */
type Params = Record<string, string | number | boolean | null | readonly (string | number)[]>;
type Db = Kysely<Database> | Transaction<Database>;

/** One compiled shape: the SQL text and, per bound parameter, where its value comes from. */
interface Shape {
  sql: string;
  /** The same statement under another text, never prepared: planned with each call's values. */
  unprepared: string;
  values: ((p: Params) => unknown)[];
}

const MARK = '\u0001tilsyn:';
const MAX_SHAPES = 200;

/**
 * PostgreSQL: the SQL texts run as named prepared statements (node-pg `{ name, text, values }`,
 * db/connect.ts `runRegisteredAsPrepared`). Each connection parses such a text once and keeps its plan:
 * parsing and planning the sync's statements anew each time was most of PostgreSQL's CPU for the
 * short ones (the token check ~290 → ~80 µs, pull's records ~150 → ~30 µs; docs/server.md
 * "Measured: push cost"). PostgreSQL's plan_cache_mode (auto) may then reuse a generic plan after
 * five runs; tests/unit/server/queryPlans.test.ts explains these statements with generic plans too.
 *
 * Only texts registered here are prepared, at most MAX_PREPARED of them in a process (each is kept
 * by every pool connection that ran it, until the connection closes): the hot path's, by
 * `hotQuery` (shapes with short lists only), `executePrepared` and the sequence's functions.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 100;
/** Longer lists (a push naming 500 ids) vary too much to be worth a plan per length. */
const MAX_PREPARED_LIST = 64;

/** Registers `text` to run as a named prepared statement on PostgreSQL (from the next call on). */
export function prepareText(text: string): void {
  if (preparedNames.size < MAX_PREPARED && !preparedNames.has(text)) preparedNames.set(text, `tilsyn_${preparedNames.size + 1}`);
}

/** The statement name of a registered SQL text (db/connect.ts), or undefined: run it unnamed. */
export function preparedName(text: string): string | undefined {
  return preparedNames.get(text);
}

/**
 * Runs a query compiled by Kysely as a named prepared statement on PostgreSQL (the text must not
 * change with the values: lists as arrays, `= any($1::text[])`).
 */
export async function executePrepared<R>(db: Db, query: RawBuilder<R>): Promise<R[]> {
  const compiled = query.compile(db);
  if (isPostgres(db as Kysely<Database>)) prepareText(compiled.sql);
  return (await db.executeQuery<R>(compiled)).rows;
}

const deferredTexts = new Set<string>();

/** Whether `text` was registered by `executeDeferred` (db/pipeline.ts holds it back inside a transaction). */
export function isDeferred(text: string): boolean {
  return deferredTexts.has(text);
}

/**
 * A statement whose rows the caller does not need (a push's writes, BatchState.flush). PostgreSQL,
 * inside a transaction: held back and sent with the transaction's next statement, usually the
 * COMMIT, in one round trip (db/pipeline.ts); an error it raises fails that statement, so it still
 * fails the transaction (and a retry of a clash still sees its code). Elsewhere: run now. Like
 * `executePrepared`, the text must not change with the values.
 */
export async function executeDeferred(db: Db, query: RawBuilder<unknown>): Promise<void> {
  const compiled = query.compile(db);
  if (isPostgres(db as Kysely<Database>)) {
    prepareText(compiled.sql);
    deferredTexts.add(compiled.sql);
  }
  await db.executeQuery(compiled);
}

interface HotQueryOptions<P> {
  /**
   * PostgreSQL: whether this call may run by the prepared statement (and so by a generic plan,
   * made without the values). False: the statement is planned with this call's values, as an
   * unnamed one. For a query whose best plan depends on its values (pull's range: a day's few
   * numbers, or a first pull's whole table).
   */
  prepared?: (p: P) => boolean;
}

/**
 * A query of the sync's hot path, built and compiled by Kysely once per shape (dialect, the
 * booleans, the length of each list) and run again as SQL text with new values: building and
 * compiling a query anew on every request was about a seventh of the server's CPU in a sync under
 * load (docs/server.md, "Measured: push cost"). The statement itself is prepared once too: SQLite
 * keeps it (db/connect.ts, the statement cache), PostgreSQL as a named prepared statement
 * (`prepareText`, for shapes whose lists hold at most MAX_PREPARED_LIST values).
 *
 * `build` gets markers in place of the values (each scalar, and each list element, a string of its
 * own) and the booleans as they are; its compiled parameters that are markers are replaced by the
 * call's values, the others (constants of the query) kept. A value must therefore never decide the
 * query's shape beyond what the key records: use a boolean for that.
 */
export function hotQuery<P extends Params, R>(build: (db: Db, p: P) => Compilable<R>, options: HotQueryOptions<P> = {}) {
  const shapes = new Map<string, Shape>();
  const shapeOf = (db: Db, p: P): Shape => {
    const postgres = isPostgres(db as Kysely<Database>);
    let key = postgres ? 'pg' : 'sqlite';
    let listed = 0;
    for (const k of Object.keys(p).sort()) {
      const v = p[k];
      if (Array.isArray(v)) listed += v.length;
      key += Array.isArray(v) ? `|${k}[${v.length}]` : typeof v === 'boolean' || v === null ? `|${k}=${String(v)}` : `|${k}`;
    }
    let shape = shapes.get(key);
    if (shape) return shape;
    const markers: Record<string, unknown> = {};
    const sources = new Map<string, (q: Params) => unknown>();
    for (const [k, v] of Object.entries(p)) {
      if (Array.isArray(v)) {
        markers[k] = v.map((_, i) => {
          const m = `${MARK}${k}:${i}`;
          sources.set(m, (q) => (q[k] as readonly unknown[])[i]);
          return m;
        });
      } else if (typeof v === 'boolean' || v === null) {
        markers[k] = v;
      } else {
        const m = `${MARK}${k}`;
        sources.set(m, (q) => q[k]);
        markers[k] = m;
      }
    }
    const compiled = build(db, markers as P).compile();
    const values = compiled.parameters.map((value) => {
      const source = typeof value === 'string' ? sources.get(value) : undefined;
      if (source) return source;
      if (typeof value === 'string' && value.startsWith(MARK)) throw new Error(`hotQuery: marker ${value} not found`);
      return () => value;
    });
    shape = { sql: compiled.sql, unprepared: `${compiled.sql} /* planned with its values */`, values };
    if (postgres && listed <= MAX_PREPARED_LIST) prepareText(shape.sql);
    // Lists of many lengths (a push names 1–500 records): a bounded number of shapes.
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, shape);
    return shape;
  };
  const run = async (db: Db, p: P): Promise<R[]> => {
    const shape = shapeOf(db, p);
    const text = options.prepared && !options.prepared(p) ? shape.unprepared : shape.sql;
    const result = await db.executeQuery<R>(CompiledQuery.raw(text, shape.values.map((f) => f(p))));
    return result.rows;
  };
  return {
    execute: run,
    executeTakeFirst: async (db: Db, p: P): Promise<R | undefined> => (await run(db, p))[0],
  };
}

/** The columns a push writes, in the order of the INSERTs below. */
export const RECORD_COLUMNS = ['type', 'id', 'institution_id', 'inspection_id', 'data', 'field_revs', 'rev', 'deleted', 'leder_visible', 'updated_at', 'seq'] as const satisfies readonly (keyof RecordsTable)[];
export const REVISION_COLUMNS = ['type', 'id', 'rev', 'data', 'client_id', 'user_id', 'mutation_id', 'created_at'] as const satisfies readonly (keyof RecordRevisionsTable)[];
export const MUTATION_COLUMNS = ['client_id', 'mutation_id', 'user_id', 'record_type', 'record_id', 'status', 'result', 'created_at'] as const satisfies readonly (keyof MutationsTable)[];

const insertTexts = new Map<string, string>();

/**
 * A multi-row INSERT of a push's rows, its SQL text written once per table and row count (Kysely
 * parsed every value of every row anew). `columns` must name every column the rows carry.
 */
export async function insertRows<T extends object>(db: Db, table: 'records' | 'record_revisions' | 'mutations', columns: readonly (keyof T & string)[], rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgres(db as Kysely<Database>);
  const key = `${postgres ? 'pg' : 'sqlite'}|${table}|${columns.length}|${rows.length}`;
  let text = insertTexts.get(key);
  if (!text) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map(tuple).join(', ')}`;
    if (insertTexts.size >= MAX_SHAPES) insertTexts.clear();
    insertTexts.set(key, text);
  }
  const values: unknown[] = [];
  for (const row of rows) for (const c of columns) values.push(row[c] ?? null);
  await db.executeQuery(CompiledQuery.raw(text, values));
}
