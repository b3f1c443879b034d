import { CompiledQuery, PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { executePrepared } from './compiled';
import type { Database } from './schema';

/**
 * The server-wide change sequence and the rule that makes pull cursors safe: a reader that has
 * seen seq N never later meets a committed change numbered ≤ N (docs/sync-protocol.md §4).
 *
 * SQLite has one writer at a time: a write transaction takes the `sync_sequence` row, numbers its
 * changes from it and commits; the row's value is the last committed number. Pushes (`concurrent`)
 * that queue behind each other share one transaction and one commit (group commit, below): each
 * in a savepoint of its own, answered only after the commit, so one fsync serves many pushes.
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
 * On the wire the BEGIN goes with the first of these calls and a push's writes with the COMMIT
 * (db/pipeline.ts): the same statements in the same order, in fewer round trips.
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
  /** Back to `value` (a push rolled back to its savepoint gives its numbers back). */
  rewind(value: number): void {
    this.current = value;
  }
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
  /** False until the transaction is registered as a writer (tilsyn_push_begin): no number before that. */
  private registered = false;
  constructor(private readonly trx: Transaction<Database>) {}
  /** Registers the transaction as a concurrent writer and reserves `reserve` numbers, in one round trip (migration 0830). */
  static async begin(trx: Transaction<Database>, reserve: number): Promise<SequenceAllocator> {
    const seq = new SequenceAllocator(trx);
    const begun = await executePrepared(trx, sql<{ numbers: (string | number)[] }>`select tilsyn_push_begin(${reserve}::integer) as numbers`);
    seq.begun(begun[0]!.numbers.map(Number));
    return seq;
  }
  /** The caller's own first query registered the writer and reserved these numbers (tilsyn_push_load, migration 0910). */
  begun(numbers: readonly number[]): void {
    this.registered = true;
    this.reserved.push(...numbers);
  }
  next(): number {
    const n = this.registered ? this.reserved.shift() : undefined;
    if (n === undefined) throw new Error('SeqAllocator.next() in a concurrent write transaction: use take() (or reserve first)');
    return n;
  }
  async take(): Promise<number> {
    if (!this.registered) throw new Error('SeqAllocator.take() before the writer registered (tilsyn_push_begin)');
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
   * A push. PostgreSQL: run beside other concurrent writers. The caller must lock the rows it reads
   * to decide (SELECT … FOR UPDATE), number its changes with `take()`, and be safe to run again:
   * a unique violation or deadlock (two pushes creating the same record at once) retries it.
   * SQLite: run in a group commit with the other pushes waiting (`reserve` is not used there).
   *
   * `registersItself` (PostgreSQL): the caller's first query registers the writer and reserves the
   * numbers (`tilsyn_push_load`, which calls `tilsyn_push_begin`) and hands them over with
   * `reservedBy(seq, numbers)`; a number taken before that throws.
   */
  concurrent?: { reserve: number; registersItself?: boolean };
}

/** Hands a concurrent writer the numbers its own first query reserved (see WriteOptions). */
export function reservedBy(seq: SeqAllocator, numbers: readonly number[]): void {
  if (!(seq instanceof SequenceAllocator)) throw new Error('reservedBy: not a concurrent PostgreSQL writer');
  seq.begun(numbers);
}

/**
 * Runs `fn` in a write transaction that numbers its changes (see above). Called with a transaction
 * already open (a data migration), it numbers within that one.
 */
export async function writeTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const postgres = isPostgres(db);
  const within = (body: (trx: Transaction<Database>) => Promise<T>) => (db.isTransaction ? body(db as Transaction<Database>) : db.transaction().execute(body));
  if (!postgres && options.concurrent && !db.isTransaction) return groupCommitOf(db).run(fn);
  if (!postgres) return within((trx) => sqliteWrite(trx, fn));
  if (!options.concurrent || db.isTransaction) return within((trx) => postgresWrite(trx, fn, true, 0));
  const { reserve, registersItself = false } = options.concurrent;
  for (let attempt = 1; ; attempt++) {
    try {
      return await within((trx) => (registersItself ? fn(trx, new SequenceAllocator(trx)) : postgresWrite(trx, fn, false, reserve)));
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

/** At most this many pushes, or this long, in one SQLite transaction, so readers see them soon. */
const GROUP_MAX_JOBS = 64;
const GROUP_MAX_MS = 100;

interface GroupJob {
  fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * SQLite group commit. A commit with synchronous = FULL waits for the disk (an fsync, 5–20 ms on
 * these machines) and better-sqlite3 waits on the event loop, so 100 pushes committed one by one
 * take a second or more however little each does. Here the pushes waiting for the writer run one
 * after another in one transaction, each in a savepoint: a push that fails is rolled back to its
 * savepoint (its sequence numbers given back) and gets its error at once, the others are answered
 * after the one commit. Seen from a reader (WAL, its own connection) nothing changes: all of the
 * group's changes and the `sync_sequence` value that covers them become visible at the commit.
 * Durability is unchanged: no push is answered before the commit that holds it.
 */
class SqliteGroupCommit {
  private readonly queue: GroupJob[] = [];
  private running = false;
  constructor(private readonly db: Kysely<Database>) {}

  run<T>(fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        // Not at once: better-sqlite3 answers within the same tick, so a group started here would
        // hold this push alone and commit it before the event loop let in the pushes already
        // received (one fsync per push under load). One turn of the loop first: they join it.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.group();
    } finally {
      this.running = false;
    }
  }

  private async group(): Promise<void> {
    // The first job belongs to the group from the start: a BEGIN that fails (SQLITE_BUSY) fails it.
    const first = this.queue.shift()!;
    const open: GroupJob[] = [first];
    const answers: (() => void)[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const started = performance.now();
        const row = await trx.updateTable('sync_sequence').set({ value: sql<number>`value` }).where('id', '=', 1).returning('value').executeTakeFirstOrThrow();
        const seq = new CountingAllocator(Number(row.value));
        const start = seq.value;
        let taken = 1;
        const next = () => (this.queue.length > 0 && taken < GROUP_MAX_JOBS && performance.now() - started < GROUP_MAX_MS ? this.queue.shift() : undefined);
        for (let current = first as GroupJob | undefined; current; current = next()) {
          const job = current;
          if (job !== first) {
            open.push(job);
            taken++;
          }
          const before = seq.value;
          await sql`savepoint tilsyn_push`.execute(trx);
          try {
            const value = await job.fn(trx, seq);
            await sql`release savepoint tilsyn_push`.execute(trx);
            answers.push(() => job.resolve(value));
          } catch (error) {
            // A failure SQLite rolled the whole transaction back for (disk full, I/O): this fails the group.
            await sql`rollback to savepoint tilsyn_push`.execute(trx).catch(() => Promise.reject(error));
            await sql`release savepoint tilsyn_push`.execute(trx);
            seq.rewind(before);
            open.splice(open.indexOf(job), 1);
            job.reject(error);
          }
        }
        if (seq.value !== start) await trx.updateTable('sync_sequence').set({ value: seq.value }).where('id', '=', 1).execute();
      });
    } catch (error) {
      for (const job of open) job.reject(error);
      return;
    }
    for (const answer of answers) answer();
  }
}

const groups = new WeakMap<Kysely<Database>, SqliteGroupCommit>();
function groupCommitOf(db: Kysely<Database>): SqliteGroupCommit {
  let group = groups.get(db);
  if (!group) groups.set(db, (group = new SqliteGroupCommit(db)));
  return group;
}

async function postgresWrite<T>(trx: Transaction<Database>, fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>, alone: boolean, reserve: number): Promise<T> {
  if (!alone) return fn(trx, await SequenceAllocator.begin(trx, reserve));
  const begun = await sql<{ last: number }>`select tilsyn_write_begin(true) as last`.execute(trx);
  const seq = new CountingAllocator(Number(begun.rows[0]!.last));
  const start = seq.value;
  const result = await fn(trx, seq);
  if (seq.value !== start) await sql`select setval('sync_seq', ${seq.value}, true)`.execute(trx);
  return result;
}

export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** SQLite: the row's value, one query built and compiled once (every pull reads it). */
let sequenceQuery: { sql: string; parameters: readonly unknown[] } | undefined;
async function sequenceValue(db: Kysely<Database>): Promise<{ value: number }> {
  sequenceQuery ??= db.selectFrom('sync_sequence').select('value').where('id', '=', 1).compile();
  const rows = (await db.executeQuery<{ value: number }>(CompiledQuery.raw(sequenceQuery.sql, [...sequenceQuery.parameters]))).rows;
  if (!rows[0]) throw new Error('sync_sequence has no row');
  return rows[0];
}

/** The upper bound of a pull: every change numbered up to it is committed (or will never be). */
export async function currentSeq(db: Kysely<Database>): Promise<number> {
  if (isPostgres(db)) return Number((await executePrepared(db, sql<{ n: number }>`select tilsyn_visible_seq() as n`))[0]!.n);
  const row = await sequenceValue(db);
  return Number(row.value);
}
