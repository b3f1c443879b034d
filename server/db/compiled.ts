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

/** Statements that go before a registered text in the same round trip (db/pipeline.ts), by that text. */
const leads = new Map<string, string>();

/** The statement to run just before `text` (HotQueryOptions `lead`), if it has one. */
export function leadOf(text: string): string | undefined {
  return leads.get(text);
}

/**
 * The last parameter of a query that is to run after the COMMIT of the transaction it is issued in
 * (hotQuery `afterCommit`): db/pipeline.ts holds it and sends it behind the COMMIT, and settles
 * `rows` with its rows, with undefined when it did not run (the COMMIT failed or never came, or no
 * pipeline), or fails it with its error (the COMMIT itself went through).
 */
export class AfterCommit {
  readonly rows: Promise<unknown[] | undefined>;
  settle!: (rows: unknown[] | undefined) => void;
  fail!: (error: unknown) => void;
  constructor() {
    this.rows = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    this.rows.catch(() => {});
  }
}

interface HotQueryOptions<P> {
  /**
   * PostgreSQL: a statement without parameters sent just before this one, in the same round trip
   * and on the same connection (db/pipeline.ts); this one starts after it has run. Its result is
   * not read (pull's bound, which the page reads from a setting).
   */
  lead?: string;
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
    if (postgres && options.lead) {
      prepareText(options.lead);
      for (const text of [shape.sql, shape.unprepared]) leads.set(text, options.lead);
    }
    // Lists of many lengths (a push names 1–500 records): a bounded number of shapes.
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, shape);
    return shape;
  };
  const compiledFor = (db: Db, p: P, extra: unknown[] = []) => {
    const shape = shapeOf(db, p);
    const text = options.prepared && !options.prepared(p) ? shape.unprepared : shape.sql;
    return CompiledQuery.raw(text, [...shape.values.map((f) => f(p)), ...extra]);
  };
  const run = async (db: Db, p: P): Promise<R[]> => (await db.executeQuery<R>(compiledFor(db, p))).rows;
  return {
    execute: run,
    executeTakeFirst: async (db: Db, p: P): Promise<R | undefined> => (await run(db, p))[0],
    /**
     * PostgreSQL, in a transaction: run after its COMMIT, in the COMMIT's round trip (AfterCommit).
     * `rows` settles after the commit; undefined: it did not run (SQLite, no pipeline, no commit).
     */
    afterCommit: async (trx: Transaction<Database>, p: P): Promise<{ rows: Promise<R[] | undefined> }> => {
      if (!isPostgres(trx)) return { rows: Promise.resolve(undefined) };
      const sink = new AfterCommit();
      await trx.executeQuery(compiledFor(trx, p, [sink]));
      return { rows: sink.rows as Promise<R[] | undefined> };
    },
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
