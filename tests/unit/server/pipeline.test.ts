/**
 * PostgreSQL: a transaction's BEGIN goes with its first query and a deferred statement with the
 * next one, usually the COMMIT (server/db/pipeline.ts), in one round trip each, with the same
 * meaning as one by one: one transaction, in order, values bound (never spliced into the text),
 * an error in any statement fails the transaction and leaves nothing of it, and the connection
 * goes back to the pool clean.
 */
import { CompiledQuery, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AfterCommit, executeDeferred, prepareText } from '../../../server/db/compiled';
import type { Database } from '../../../server/db/schema';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect';
import { writeTransaction } from '../../../server/db/sequence';
import { describeDialects, freshDatabase, type FreshDatabase } from './helpers';

/** Strings that would break a statement if they were ever put into SQL text. */
const HOSTILE = [`'); drop table pipeline_check; --`, `$1 $$ $tag$ \\' "quoted" {a,"b\\"c"} \\\\`, `'' || pg_sleep(1) || ''`, 'ø æ å 😀', ''];

describeDialects('statements sent together', (d) => {
  if (d.name !== 'postgres') {
    it('are PostgreSQL only (SQLite has no network between server and database)', () => {});
    return;
  }
  let fresh: FreshDatabase;
  let handle: DatabaseHandle;
  const poolSize = process.env.TILSYN_DB_POOL_SIZE;
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  beforeEach(async () => {
    fresh = await freshDatabase(d);
    // One connection: every transaction below meets what the ones before it left on it.
    process.env.TILSYN_DB_POOL_SIZE = '1';
    handle = openDatabase({ databaseUrl: fresh.options.databaseUrl! });
    await sql`create table pipeline_check (k text primary key, tags text[], n integer)`.execute(handle.db);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      sent.push(typeof q === 'string' ? q : String((q as { label?: string; text?: string }).label ?? (q as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    sent.length = 0;
  });
  afterEach(async () => {
    pg.Client.prototype.query = original;
    if (poolSize === undefined) delete process.env.TILSYN_DB_POOL_SIZE;
    else process.env.TILSYN_DB_POOL_SIZE = poolSize;
    await handle.db.destroy();
    await handle.healthDb.destroy();
    await fresh.drop();
  });

  /** Whether the pool's connection is outside any transaction (its statement started one of its own). */
  const clean = async () => (await sql<{ fresh: boolean }>`select xact_start = query_start as fresh from pg_stat_activity where pid = pg_backend_pid()`.execute(handle.db)).rows[0]!.fresh;
  const stored = async () => (await sql<{ k: string; tags: string[]; n: number }>`select k, tags, n from pipeline_check order by n`.execute(handle.db)).rows;
  const insert = (k: string, tags: string[], n: number) => sql`insert into pipeline_check (k, tags, n) values (${k}, ${tags}::text[], ${n})`;

  it('BEGIN goes with the first query and a deferred write with the COMMIT: two round trips, one transaction', async () => {
    const result = await handle.db.transaction().execute(async (trx) => {
      const first = (await sql<{ xid: string; inside: boolean }>`select txid_current()::text as xid, ${'x'}::text = 'x' as inside`.execute(trx)).rows[0]!;
      await executeDeferred(trx, insert('a', ['1'], 1));
      await executeDeferred(trx, sql`select ${first.xid}::text`);
      return first;
    });
    expect(result.inside).toBe(true);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin ; select txid_current/);
    expect(sent[1]).toMatch(/^insert into pipeline_check .* ; select \$1::text ; commit$/);
    expect(await stored()).toEqual([{ k: 'a', tags: ['1'], n: 1 }]);
    expect(await clean()).toBe(true);
  });

  it('every statement of a transaction sees the one before it and runs in the same transaction', async () => {
    const xids = await handle.db.transaction().execute(async (trx) => {
      const one = (await sql<{ x: string }>`select txid_current()::text as x, ${1}::integer as n`.execute(trx)).rows[0]!.x;
      await executeDeferred(trx, insert('b', [], 2));
      // A read after a deferred write takes it along first, and sees it.
      const seen = (await sql<{ n: number; x: string }>`select count(*)::integer as n, txid_current()::text as x from pipeline_check where k = ${'b'}`.execute(trx)).rows[0]!;
      expect(seen.n).toBe(1);
      return [one, seen.x];
    });
    expect(xids[0]).toBe(xids[1]);
    expect(sent.slice(0, 2).map((s) => s.split(' ; ').length)).toEqual([2, 2]);
  });

  it('hostile strings go in as values, through BEGIN and COMMIT pipelines alike, and come back unchanged', async () => {
    await handle.db.transaction().execute(async (trx) => {
      await sql`insert into pipeline_check (k, tags, n) values (${HOSTILE[0]!}, ${HOSTILE}::text[], ${0})`.execute(trx);
      for (const [i, h] of HOSTILE.entries()) await executeDeferred(trx, insert(`${h}#${i}`, [h, h], i + 1));
    });
    expect(await stored()).toEqual([{ k: HOSTILE[0], tags: HOSTILE, n: 0 }, ...HOSTILE.map((h, i) => ({ k: `${h}#${i}`, tags: [h, h], n: i + 1 }))]);
    expect((await sql<{ n: number }>`select count(*)::integer as n from pg_tables where tablename = 'pipeline_check'`.execute(handle.db)).rows[0]!.n).toBe(1);
  });

  it('a deferred write that fails (unique violation) fails the COMMIT with its code, leaves nothing, and the connection clean', async () => {
    await insert('taken', [], 0).execute(handle.db);
    sent.length = 0;
    const attempt = handle.db.transaction().execute(async (trx) => {
      await insert('new', [], 1).execute(trx);
      await executeDeferred(trx, insert('taken', [], 2));
      return 'answered';
    });
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    // The COMMIT sent behind it never ran: the transaction was left aborted, and Kysely's ROLLBACK went out.
    expect(sent.at(-1)).toBe('rollback');
    expect(await stored()).toEqual([{ k: 'taken', tags: [], n: 0 }]);
    expect(await clean()).toBe(true);
  });

  it('a clash raised by a deferred write at the COMMIT retries the push (writeTransaction), as one raised at once did', async () => {
    await insert('taken', [], 0).execute(handle.db);
    let attempts = 0;
    const answer = await writeTransaction(
      handle.db,
      async (trx) => {
        attempts++;
        await sql`select ${attempts}::integer`.execute(trx);
        await executeDeferred(trx, insert(attempts === 1 ? 'taken' : 'free', [], attempts));
        return attempts;
      },
      { concurrent: { reserve: 0, registersItself: true } },
    );
    expect(answer).toBe(2);
    expect(await stored()).toEqual([{ k: 'taken', tags: [], n: 0 }, { k: 'free', tags: [], n: 2 }]);
  });

  it('a first query that fails fails the transaction; the next transaction on the connection starts afresh', async () => {
    await expect(handle.db.transaction().execute(async (trx) => sql`select 1 / ${0}::integer`.execute(trx))).rejects.toMatchObject({ code: '22012' });
    expect(await clean()).toBe(true);
    await handle.db.transaction().execute(async (trx) => {
      await insert('after', [], 3).execute(trx);
    });
    expect(await stored()).toEqual([{ k: 'after', tags: [], n: 3 }]);
  });

  it('a transaction that runs no query sends nothing; one that throws before its first query neither', async () => {
    await handle.db.transaction().execute(async () => 'nothing');
    await expect(handle.db.transaction().execute(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(sent).toEqual([]);
    expect(await clean()).toBe(true);
  });

  it('TILSYN_DB_PIPELINE=0 sends each statement on its own, as Kysely gives them', async () => {
    await handle.db.destroy();
    await handle.healthDb.destroy();
    process.env.TILSYN_DB_PIPELINE = '0';
    try {
      handle = openDatabase({ databaseUrl: fresh.options.databaseUrl! });
      sent.length = 0;
      await handle.db.transaction().execute(async (trx) => {
        await sql`select ${1}::integer`.execute(trx);
        await executeDeferred(trx, insert('alone', [], 5));
      });
      expect(sent).toEqual(['begin', 'select $1::integer', expect.stringMatching(/^insert into pipeline_check/), 'commit']);
      expect(await stored()).toEqual([{ k: 'alone', tags: [], n: 5 }]);
    } finally {
      delete process.env.TILSYN_DB_PIPELINE;
    }
  });

  /** A read registered to run after the COMMIT (AfterCommit): its rows, or undefined when it did not run. */
  const readAfterCommit = async (trx: Transaction<Database>, text: string, values: unknown[]) => {
    prepareText(text);
    const sink = new AfterCommit();
    await trx.executeQuery(CompiledQuery.raw(text, [...values, sink]));
    // In an object: a promise returned from the transaction's callback would be awaited before the COMMIT.
    return { rows: sink.rows };
  };
  const AFTER = `select count(*)::integer as n, txid_current_if_assigned() is null as outside from pipeline_check where k = $1`;

  it('a read registered after the COMMIT goes with it in one round trip, runs after it outside the transaction, and sees what it committed', async () => {
    for (const k of ['one', 'two']) {
      sent.length = 0;
      const { rows } = await handle.db.transaction().execute(async (trx) => {
        await sql`select txid_current(), ${1}::integer`.execute(trx);
        await executeDeferred(trx, insert(k, [], 1));
        return readAfterCommit(trx, AFTER, [k]);
      });
      // The second time the read runs by its prepared statement (parsed once on this connection).
      expect(await rows).toEqual([{ n: 1, outside: true }]);
      expect(sent).toHaveLength(2);
      expect(sent[1]).toMatch(/^insert into pipeline_check .* ; commit ; select count/);
    }
    expect((await sql<{ n: number }>`select count(*)::integer as n from pg_prepared_statements where statement = ${AFTER}`.execute(handle.db)).rows[0]!.n).toBe(1);
    expect(await clean()).toBe(true);
  });

  it('a failing write before the COMMIT skips the read after it; a failing read after it leaves the COMMIT done and the connection clean', async () => {
    await insert('taken', [], 0).execute(handle.db);
    let skipped: Promise<unknown> | undefined;
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await executeDeferred(trx, insert('taken', [], 2));
        skipped = (await readAfterCommit(trx, AFTER, ['taken'])).rows;
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await skipped).toBeUndefined();

    let failed: Promise<unknown> | undefined;
    await handle.db.transaction().execute(async (trx) => {
      await executeDeferred(trx, insert('kept', [], 3));
      failed = (await readAfterCommit(trx, `select 1 / $1::integer as n`, [0])).rows;
    });
    await expect(failed).rejects.toMatchObject({ code: '22012' });
    expect(await stored()).toEqual([{ k: 'taken', tags: [], n: 0 }, { k: 'kept', tags: [], n: 3 }]);
    expect(await clean()).toBe(true);
    // The same read again on this connection (its statement may or may not exist after the failure): it runs.
    let again: Promise<unknown> | undefined;
    await handle.db.transaction().execute(async (trx) => {
      await executeDeferred(trx, insert('later', [], 4));
      again = (await readAfterCommit(trx, `select 1 / $1::integer as n`, [1])).rows;
    });
    expect(await again).toEqual([{ n: 1 }]);
  });

  it('outside a transaction a deferred statement runs at once', async () => {
    await executeDeferred(handle.db, insert('now', [], 4));
    expect(await stored()).toEqual([{ k: 'now', tags: [], n: 4 }]);
  });
});
