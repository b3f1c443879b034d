import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * The server-wide change sequence and the rule that makes pull cursors safe: a reader that has
 * seen seq N never later meets a committed change numbered ≤ N (docs/sync-protocol.md §4).
 *
 * SQLite has one writer at a time: a write transaction takes the `sync_sequence` row, numbers its
 * changes from it and commits; the row's value is the last committed number.
 *
 * PostgreSQL has many writers at once (pushes of different inspections, from several server
 * processes), so they do not queue on one row (that row made every push wait for the one before it,
 * for the whole of its transaction). Instead (migration 0500):
 * - numbers come from the sequence `sync_seq` (nextval never waits);
 * - before taking a number, a writer registers a lower bound of the numbers it will take (the
 *   sequence's last value + 1) as a shared advisory lock, released by PostgreSQL at commit or
 *   rollback, even if the process dies;
 * - a reader's upper bound, `tilsyn_visible_seq()`, is the sequence's last value, read first, but
 *   below the lowest bound still registered: every number up to it is committed or abandoned.
 * Pushes hold the `writers` advisory lock shared; the other writers (administration, import,
 * purge, seeding) hold it exclusively, so they run alone, as before, and number their changes
 * without a round trip each. Nothing of this lives in a process: it holds across server processes.
 */

export interface SeqAllocator {
  /** The next number, in a transaction that runs alone (`writeTransaction` without `concurrent`). */
  next(): number;
  /** The next number, in any write transaction. */
  take(): Promise<number>;
}

const RETRIES = 5;
/** unique_violation (two pushes creating the same record), deadlock_detected, serialization_failure. */
const RETRY_CODES = new Set(['23505', '40P01', '40001']);

/** Numbers handed out one after another from `start` (SQLite, or a PostgreSQL writer running alone). */
class CountingAllocator implements SeqAllocator {
  constructor(private current: number) {}
  next(): number {
    this.current += 1;
    return this.current;
  }
  async take(): Promise<number> {
    return this.next();
  }
  get value(): number {
    return this.current;
  }
}

/** Numbers from `sync_seq`, a few reserved in one round trip and the rest one at a time. */
class SequenceAllocator implements SeqAllocator {
  private reserved: number[] = [];
  constructor(private readonly trx: Transaction<Database>) {}
  next(): number {
    const n = this.reserved.shift();
    if (n === undefined) throw new Error('SeqAllocator.next() in a concurrent write transaction: use take() (or reserve first)');
    return n;
  }
  async take(): Promise<number> {
    if (this.reserved.length === 0) await this.reserve(1);
    return this.reserved.shift()!;
  }
  /** Numbers this transaction will probably use; an unused one is a gap, which pull does not mind. */
  async reserve(n: number): Promise<void> {
    const rows = await sql<{ n: number }>`select nextval('sync_seq') as n from generate_series(1, ${n})`.execute(this.trx);
    this.reserved.push(...rows.rows.map((r) => Number(r.n)));
  }
}

export interface WriteOptions {
  /**
   * PostgreSQL: run beside other concurrent writers (push). The caller must lock the rows it reads
   * to decide (SELECT … FOR UPDATE), number its changes with `take()`, and be safe to run again:
   * a unique violation or deadlock (two pushes creating the same record at once) retries it.
   */
  concurrent?: { reserve: number };
}

/**
 * Runs `fn` in a write transaction that numbers its changes (see above). Called with a transaction
 * already open (a data migration), it numbers within that one.
 */
export async function writeTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const postgres = isPostgres(db);
  const within = (body: (trx: Transaction<Database>) => Promise<T>) => (db.isTransaction ? body(db as Transaction<Database>) : db.transaction().execute(body));
  if (!postgres) return within((trx) => sqliteWrite(trx, fn));
  if (!options.concurrent || db.isTransaction) return within((trx) => postgresWrite(trx, fn, true, 0));
  const reserve = options.concurrent.reserve;
  for (let attempt = 1; ; attempt++) {
    try {
      return await within((trx) => postgresWrite(trx, fn, false, reserve));
    } catch (error) {
      if (attempt >= RETRIES || !RETRY_CODES.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

async function sqliteWrite<T>(trx: Transaction<Database>, fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>): Promise<T> {
  const row = await trx.updateTable('sync_sequence').set({ value: sql<number>`value` }).where('id', '=', 1).returning('value').executeTakeFirstOrThrow();
  const seq = new CountingAllocator(Number(row.value));
  const start = seq.value;
  const result = await fn(trx, seq);
  if (seq.value !== start) await trx.updateTable('sync_sequence').set({ value: seq.value }).where('id', '=', 1).execute();
  return result;
}

async function postgresWrite<T>(trx: Transaction<Database>, fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>, alone: boolean, reserve: number): Promise<T> {
  const begun = await sql<{ last: number }>`select tilsyn_write_begin(${alone}) as last`.execute(trx);
  if (alone) {
    const seq = new CountingAllocator(Number(begun.rows[0]!.last));
    const start = seq.value;
    const result = await fn(trx, seq);
    if (seq.value !== start) await sql`select setval('sync_seq', ${seq.value}, true)`.execute(trx);
    return result;
  }
  const seq = new SequenceAllocator(trx);
  if (reserve > 0) await seq.reserve(reserve);
  return fn(trx, seq);
}

export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The upper bound of a pull: every change numbered up to it is committed (or will never be). */
export async function currentSeq(db: Kysely<Database>): Promise<number> {
  if (isPostgres(db)) return Number((await sql<{ n: number }>`select tilsyn_visible_seq() as n`.execute(db)).rows[0]!.n);
  const row = await db.selectFrom('sync_sequence').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.value);
}
