import pg from 'pg';
import { AfterCommit, isDeferred, leadOf, preparedName } from './compiled';

/**
 * PostgreSQL: fewer round trips per transaction (issue 10). Kysely sends BEGIN, each query and
 * COMMIT one after another, each waiting for the answer to the one before; under load every such
 * wait is time the transaction holds its locks while the answer sits in the server process's event
 * loop. Here, per pooled connection:
 *
 * - BEGIN is not sent by itself: it goes out with the transaction's first query, in one message
 *   sequence ending in one Sync (PostgreSQL's extended protocol; a BEGIN in it opens a transaction
 *   block that lasts past the Sync). A transaction that runs no query sends nothing at all.
 * - A statement registered as deferred (db/compiled.ts `executeDeferred`: its rows are not needed)
 *   is held and sent with the transaction's next statement, usually the COMMIT.
 *
 * Every statement still runs in its order, on this connection, in the same transaction; an error in
 * one skips the rest up to the Sync (PostgreSQL's rule), so a COMMIT sent behind a failing statement
 * never runs, and the transaction is left aborted for Kysely's ROLLBACK. Values go as bound
 * parameters, as always; nothing is spliced into SQL text.
 */

interface Step {
  text: string;
  /** Already mapped to the wire's text form (pg's own prepareValue). */
  values: unknown[];
  /** False for BEGIN and COMMIT: no rows, so no Describe (its answer would only say so). */
  rows: boolean;
  /** A named prepared statement (not the pipeline's own): parsed under this name once per connection. */
  name?: string;
}

// pg's value mapper, as its Query uses for Bind (arrays, dates, JSON, buffers).
const prepareValue = (pg as unknown as { utils: { prepareValue: (v: unknown) => unknown } }).utils.prepareValue;
const BaseQuery = (pg as unknown as { Query: new (config: object) => PgQuery }).Query;

/** The parts of pg's Query (lib/query.js) this extends. */
interface PgQuery {
  name?: string;
  text: string;
  values?: unknown[];
  types?: unknown;
  portal: string;
  callback?: (error: Error | null, result?: unknown) => void;
  hasBeenParsed(connection: PgConnection): boolean;
}

interface PgConnection {
  parse(config: { text: string; name?: string; types?: unknown }): void;
  bind(config: { portal: string; statement?: string; values: unknown[]; valueMapper?: (v: unknown) => unknown }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
  submittedNamedStatements: Record<string, string>;
  parsedStatements: Record<string, string>;
}

/**
 * Several statements in one round trip: one pg Query whose `prepare` writes every statement's
 * Parse/Bind/Describe/Execute and then one Sync. pg collects one result per statement (as for a
 * multi-statement simple query); the caller gets the one at `own`. Only that statement may be a
 * named prepared one; its Parse goes first, because pg marks the query's name as parsed at the
 * first ParseComplete it sees.
 */
class Pipeline extends BaseQuery {
  constructor(
    private readonly steps: readonly Step[],
    private readonly own: number,
    name: string | undefined,
    callback: (error: Error | null, result?: unknown) => void,
  ) {
    super({ text: steps[own]!.text, values: steps[own]!.values, name, queryMode: 'extended', callback });
  }

  /** How many of the statements have completed (a failure after the COMMIT leaves the COMMIT done). */
  completed = 0;

  handleCommandComplete(msg: unknown, connection: unknown): void {
    this.completed++;
    (BaseQuery.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(this, msg, connection);
  }

  /** For logs and the round-trip test: every statement's text. */
  get label(): string {
    return this.steps.map((s) => s.text).join(' ; ');
  }

  /**
   * The other named steps whose Parse this pipeline sent. pg keeps track of the own statement's
   * name only; these count as parsed once they have run (`settle`). The one that failed may or may
   * not exist on the server now (`uncertain`): the caller then renames every statement of the
   * connection, so that name is never parsed or bound again.
   */
  private parsedHere: number[] = [];
  private connection?: PgConnection;

  /** Records the named steps that ran as parsed; true when the failed one's Parse may have run. */
  settle(failed: boolean): boolean {
    const connection = this.connection;
    if (!connection) return false;
    for (const i of this.parsedHere) if (!failed || i < this.completed) connection.parsedStatements[this.steps[i]!.name!] = this.steps[i]!.text;
    return failed && this.parsedHere.includes(this.completed);
  }

  prepare(connection: PgConnection): void {
    this.connection = connection;
    const named = this.name;
    if (named && !this.hasBeenParsed(connection)) {
      connection.parse({ text: this.text, name: named, types: this.types });
      connection.submittedNamedStatements[named] = this.text;
    }
    this.steps.forEach((step, i) => {
      let statement = i === this.own ? named : undefined;
      if (i !== this.own && step.name) {
        statement = step.name;
        if (connection.parsedStatements[statement] === undefined && connection.submittedNamedStatements[statement] === undefined && !this.parsedHere.some((j) => this.steps[j]!.name === statement)) {
          connection.parse({ text: step.text, name: statement });
          this.parsedHere.push(i);
        }
      }
      if (!statement) connection.parse({ text: step.text });
      connection.bind({ portal: '', statement, values: step.values });
      // pg reads a row by the RowDescription before it: every statement that may return rows is described.
      if (step.rows) connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '' });
    });
    connection.sync();
  }
}

/** The result of one statement of a pipeline (pg gives an array when there were several). */
const resultAt = (result: unknown, index: number, count: number) => (count === 1 ? result : (result as unknown[])[index]);

const fake = (command: string) => ({ command, rowCount: null, rows: [], fields: [], oid: null });

const step = (text: string, values: readonly unknown[] = []): Step => ({ text, values: values.map((v) => prepareValue(v)), rows: true });
/** BEGIN or COMMIT as a step of a pipeline. */
const control = (text: string): Step => ({ text, values: [], rows: false });

/** unique_violation etc. aside: "cached plan must not change result type", a migration changed a table under a kept plan. */
const PLAN_CHANGED = '0A000';

type Query = (...args: unknown[]) => unknown;

/**
 * Wraps a pooled client's `query` (see above; `together` false: each statement on its own, as Kysely
 * sends it). `prepared`: the hot path's SQL texts (db/compiled.ts
 * `prepareText`) go out as named prepared statements, parsed and planned once per connection
 * (TILSYN_DB_PREPARED=0 turns this off, for a pooler in transaction mode that cannot keep them).
 * Should a kept plan's result type no longer fit (another server process migrated a table under
 * it), that query fails once and this connection prepares its statements afresh under new names.
 */
export function wrapClientQueries(client: pg.PoolClient, prepared: boolean, together = true): void {
  // Through the prototype at each call, so that whatever wraps pg.Client's query (a test counting round trips) still sees every query.
  const proto = Object.getPrototypeOf(client) as { query: Query };
  const send: Query = (...args) => proto.query.apply(client, args);
  let generation = 0;
  /** BEGIN received and not yet sent. */
  let beginPending = false;
  /** A transaction block was sent (BEGIN went out). */
  let open = false;
  let deferred: Step[] = [];
  /** Reads to run after this transaction's COMMIT (AfterCommit), each its statements and its sink. */
  let trailing: { steps: Step[]; sink: AfterCommit }[] = [];
  const reset = () => {
    beginPending = false;
    open = false;
    deferred = [];
    for (const t of trailing) t.sink.settle(undefined);
    trailing = [];
  };
  const nameOf = (text: string) => {
    const name = prepared ? preparedName(text) : undefined;
    return name && generation > 0 ? `${name}_${generation}` : name;
  };
  const noteError = (error: unknown) => {
    if ((error as { code?: string }).code === PLAN_CHANGED) generation++;
    throw error;
  };
  /** `steps` in one round trip; resolves to the result of the one at `own`. */
  const pipeline = (steps: Step[], own: number) =>
    new Promise<unknown>((resolve, reject) => {
      const name = nameOf(steps[own]!.text);
      const query: Pipeline = new Pipeline(steps, own, name, (error, result) => {
        if (query.settle(Boolean(error))) generation++;
        if (error) reject(error);
        else resolve(resultAt(result, own, steps.length));
      });
      send(query);
    }).catch(noteError);
  /**
   * The COMMIT with the reads registered to follow it (AfterCommit), in one round trip: after the
   * COMMIT has run they run as statements of their own (outside the transaction, one implicit one
   * until the Sync). A failure before the COMMIT skips the COMMIT and them; a failure after it
   * fails only the reads: the COMMIT went through.
   */
  const commitWith = (lead: Step[], commit: Step, after: { steps: Step[]; sink: AfterCommit }[]) =>
    new Promise<unknown>((resolve, reject) => {
      const steps = [...lead, commit, ...after.flatMap((t) => t.steps)];
      const at = lead.length;
      const own = lead.length > 0 ? lead.length - 1 : at;
      const query: Pipeline = new Pipeline(steps, own, nameOf(steps[own]!.text), (error, result) => {
        if (query.settle(Boolean(error))) generation++;
        if (!error) {
          let end = at + 1;
          for (const t of after) {
            end += t.steps.length;
            t.sink.settle((resultAt(result, end - 1, steps.length) as { rows: unknown[] }).rows);
          }
          resolve(resultAt(result, own, steps.length));
          return;
        }
        if ((error as { code?: string }).code === PLAN_CHANGED) generation++;
        if (query.completed > at) {
          for (const t of after) t.sink.fail(error);
          resolve(fake('COMMIT'));
          return;
        }
        for (const t of after) t.sink.settle(undefined);
        reject(error);
      });
      send(query);
    });
  /** One statement as pg would send it, by its prepared name when it has one. */
  const single = (text: string, values: unknown[]) => {
    const name = nameOf(text);
    if (!name) return send(text, values);
    return (send({ name, text, values }) as Promise<unknown>).catch(noteError);
  };
  /** A step that is not the pipeline's own, by its prepared name when it has one. */
  const namedStep = (text: string, values: readonly unknown[] = []): Step => ({ ...step(text, values), name: nameOf(text) });
  /** The statements held back (BEGIN, deferred ones), to go before the next one. */
  const held = (): Step[] => {
    const steps = beginPending ? [control('begin'), ...deferred] : deferred;
    if (beginPending) open = true;
    beginPending = false;
    deferred = [];
    return steps;
  };

  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    // Streams (a cursor), callbacks and config objects: whatever is held goes first, in pg's queue
    // (should it fail, the transaction is aborted and what follows fails with it).
    if (typeof text !== 'string' || callback !== undefined || (values !== undefined && !Array.isArray(values))) {
      const lead = held();
      if (lead.length > 0) send(new Pipeline(lead, lead.length - 1, undefined, () => {}));
      return send(text, values, callback);
    }
    let params = (values ?? []) as unknown[];
    const last = params.length > 0 ? params[params.length - 1] : undefined;
    if (last instanceof AfterCommit) {
      params = params.slice(0, -1);
      const first = leadOf(text);
      if (together && (open || beginPending)) trailing.push({ steps: [...(first ? [namedStep(first)] : []), namedStep(text, params)], sink: last });
      else last.settle(undefined);
      return Promise.resolve(fake('SELECT'));
    }
    const first = leadOf(text);
    if (first) {
      // The statement that must run just before this one (pull's bound before its page): in one
      // round trip, one transaction (the bound's setting lasts until its end), also when `together` is off.
      const before = [...(together ? held() : []), namedStep(first)];
      return pipeline([...before, step(text, params)], before.length);
    }
    if (!together) return single(text, params);
    const bare = params.length === 0 ? text.trim().toLowerCase() : '';
    if (bare === 'begin' && !open && !beginPending) {
      beginPending = true;
      return Promise.resolve(fake('BEGIN'));
    }
    if (bare === 'rollback' || bare === 'commit') {
      // Nothing of this transaction was sent: there is none to end.
      const nothingSent = beginPending && (bare === 'rollback' || deferred.length === 0);
      const lead = bare === 'commit' ? held() : [];
      const after = bare === 'commit' && !nothingSent ? trailing : [];
      if (after.length > 0) trailing = [];
      reset();
      if (nothingSent) return Promise.resolve(fake(bare.toUpperCase()));
      if (after.length > 0) return commitWith(lead, control(text), after);
      if (lead.length === 0) return send(text, params);
      // The last deferred statement keeps its prepared name; the COMMIT's result is not read. Should
      // one of them fail, the transaction is still open (aborted) and Kysely's ROLLBACK goes out.
      return pipeline([...lead, control(text)], lead.length - 1);
    }
    if ((open || beginPending) && isDeferred(text)) {
      deferred.push(step(text, params));
      return Promise.resolve(fake('SELECT'));
    }
    if (!beginPending && deferred.length === 0) return single(text, params);
    const lead = held();
    // A text without parameters may hold several statements (simple protocol only): the held ones go first, alone.
    if (params.length === 0 && !nameOf(text)) return pipeline(lead, lead.length - 1).then(() => send(text, params));
    return pipeline([...lead, step(text, params)], lead.length);
  }) as typeof client.query;
  (client as unknown as { tilsynReset?: () => void }).tilsynReset = reset;
}

/** Called when a client goes back to the pool (connect.ts): nothing held may reach the next user. */
export function resetHeld(client: pg.PoolClient): void {
  (client as unknown as { tilsynReset?: () => void }).tilsynReset?.();
}
