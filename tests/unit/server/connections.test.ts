/**
 * How the server holds its database connections (issue 10, server/db/connect.ts, db/sequence.ts):
 * - SQLite: reads (pull, the token check, statistics) go through a read-only connection of their
 *   own, so a write transaction under way never holds them up, and they see only what is committed;
 * - SQLite: pushes waiting for the writer share a transaction, but a group is cut at 64 pushes, so
 *   a write transaction stays short and readers see the changes soon;
 * - PostgreSQL: the pool is sized for the machine (TILSYN_DB_POOL_SIZE, default 4 per core, 8–32).
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, postgresPoolSize, DatabaseOpenError } from '../../../server/db/connect';
import { writeTransaction } from '../../../server/db/sequence';
import type { PullResponse } from '../../../shared/sync/wire';
import { api, describeDialects, freshDatabase, newInspection, useServer, type FreshDatabase } from './helpers';

describeDialects('database connections', (d) => {
  const s = useServer(d, {}, { world: true });

  it.skipIf(d.name !== 'sqlite')('a pull, a token check and a statistic answer while a write transaction is open, and see only what is committed', async () => {
    const db = s.app.tilsyn.db;
    const konsulent = api(s.app, s.world.konsulentA);
    const inspection = newInspection('INST-A');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    let releasedBy: 'reads' | 'fallback' | undefined;
    // Should a read wait for the writer, it would wait for ever: this lets the writer go after a while, and the test fails on who let it go.
    const fallback = setTimeout(() => {
      releasedBy ??= 'fallback';
      release();
    }, 15_000);
    const writer = writeTransaction(db, async (trx, seq) => {
      await trx
        .insertInto('records')
        .values({ type: 'inspection', id: inspection.id, institution_id: 'INST-A', inspection_id: inspection.id, data: JSON.stringify(inspection), field_revs: '{}', rev: 1, deleted: 0, leder_visible: 0, updated_at: inspection.updatedAt, seq: seq.next() })
        .execute();
      opened();
      await held;
    });
    try {
      await isOpen;
      const during = await konsulent.pull(0, 500);
      const stats = await konsulent.get('/api/stats/theme-averages');
      releasedBy ??= 'reads';
      expect(during.statusCode).toBe(200);
      expect(stats.statusCode).toBe(200);
      // Not committed yet: not in the pull, and the cursor does not pass it.
      expect(during.json<PullResponse>().changes.map((c) => c.recordId)).not.toContain(inspection.id);
      release();
      await writer;
      expect(releasedBy).toBe('reads');
      const after = await konsulent.pull(during.json<PullResponse>().nextCursor, 500);
      expect(after.json<PullResponse>().changes.map((c) => c.recordId)).toEqual([inspection.id]);
    } finally {
      clearTimeout(fallback);
      release();
      await writer.catch(() => undefined);
    }
  });

  it.skipIf(d.name !== 'sqlite')('pushes waiting for the writer share a transaction, at most 64 in one, so a write transaction stays short', async () => {
    const db = s.app.tilsyn.db;
    const perTransaction = new Map<unknown, number>();
    const numbers = await Promise.all(
      Array.from({ length: 150 }, () =>
        new Promise<number>((resolve, reject) =>
          setImmediate(() =>
            writeTransaction(db, async (trx, seq) => {
              perTransaction.set(trx, (perTransaction.get(trx) ?? 0) + 1);
              await sql`select 1`.execute(trx);
              return seq.take();
            }, { concurrent: { reserve: 1 } }).then(resolve, reject),
          ),
        ),
      ),
    );
    expect(new Set(numbers).size).toBe(150);
    const sizes = [...perTransaction.values()];
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    // They did share (one transaction per push would be 150 commits, one fsync each).
    expect(sizes.length).toBeLessThan(150);
  });

  describe.skipIf(d.name !== 'postgres')('the PostgreSQL pool', () => {
    let database: FreshDatabase | undefined;
    const saved = process.env.TILSYN_DB_POOL_SIZE;
    afterEach(async () => {
      if (saved === undefined) delete process.env.TILSYN_DB_POOL_SIZE;
      else process.env.TILSYN_DB_POOL_SIZE = saved;
      await database?.drop();
      database = undefined;
    });

    it('opens as many connections as TILSYN_DB_POOL_SIZE says, and no more, however many requests wait', async () => {
      database = await freshDatabase(d);
      process.env.TILSYN_DB_POOL_SIZE = '3';
      const handle = openDatabase({ databaseUrl: database.options.databaseUrl });
      try {
        const pids = await Promise.all(Array.from({ length: 9 }, async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(handle.db)).rows[0]!.pid));
        expect(new Set(pids).size).toBe(3);
      } finally {
        await handle.db.destroy();
        await handle.healthDb.destroy();
      }
    });
  });
});

describe('the PostgreSQL pool size', () => {
  it('is 4 per core by default, at least 8 and at most 32', () => {
    expect(postgresPoolSize(undefined, 1)).toBe(8);
    expect(postgresPoolSize(undefined, 2)).toBe(8);
    expect(postgresPoolSize(undefined, 4)).toBe(16);
    expect(postgresPoolSize(undefined, 6)).toBe(24);
    expect(postgresPoolSize(undefined, 64)).toBe(32);
    expect(postgresPoolSize('', 4)).toBe(16);
  });

  it('TILSYN_DB_POOL_SIZE sets it; a value that is not a whole number from 1 to 1000 stops the start with a message', () => {
    expect(postgresPoolSize('12', 2)).toBe(12);
    for (const bad of ['0', '-1', '2.5', 'mange', '1001']) expect(() => postgresPoolSize(bad, 2), bad).toThrow(DatabaseOpenError);
    expect(() => postgresPoolSize('mange', 2)).toThrow(/TILSYN_DB_POOL_SIZE/);
  });
});
