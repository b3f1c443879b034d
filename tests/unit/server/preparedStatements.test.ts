/**
 * PostgreSQL: the SQL texts registered with `prepareText` (server/db/compiled.ts) run as named
 * prepared statements on the pool's connections (server/db/connect.ts), others unnamed; a kept plan
 * that no longer fits its table (another server process migrated it) fails that one query, and the
 * connection prepares the statement again under a new name.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AuthUser } from '../../../server/auth/tokens';
import { prepareText } from '../../../server/db/compiled';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect';
import { migrateToLatest } from '../../../server/db/migrations';
import { pullChanges } from '../../../server/sync/pull';
import { describeDialects, freshDatabase, type FreshDatabase } from './helpers';

describeDialects('named prepared statements', (d) => {
  if (d.name !== 'postgres') {
    it('are PostgreSQL only (SQLite keeps its statements in db/connect.ts, withStatementCache)', () => {});
    return;
  }
  let fresh: FreshDatabase;
  let handle: DatabaseHandle;
  const poolSize = process.env.TILSYN_DB_POOL_SIZE;
  beforeEach(async () => {
    fresh = await freshDatabase(d);
    // One connection: every query below meets the statements the ones before it prepared.
    process.env.TILSYN_DB_POOL_SIZE = '1';
    handle = openDatabase({ databaseUrl: fresh.options.databaseUrl! });
    await sql`create table prepared_check (a integer)`.execute(handle.db);
    await sql`insert into prepared_check values (1), (2)`.execute(handle.db);
  });
  afterEach(async () => {
    if (poolSize === undefined) delete process.env.TILSYN_DB_POOL_SIZE;
    else process.env.TILSYN_DB_POOL_SIZE = poolSize;
    await handle.db.destroy();
    await handle.healthDb.destroy();
    await fresh.drop();
  });

  const kept = async () => (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(handle.db)).rows;

  it('a registered text is prepared once per connection under its name; an unregistered one is not kept', async () => {
    const registered = 'select * from prepared_check where a = $1';
    prepareText(registered);
    for (const a of [1, 2, 1]) expect((await handle.db.executeQuery<{ a: number }>(CompiledQuery.raw(registered, [a]))).rows).toEqual([{ a }]);
    await handle.db.executeQuery(CompiledQuery.raw('select * from prepared_check where a > $1', [0]));
    const statements = await kept();
    expect(statements.filter((s) => s.statement === registered)).toEqual([{ name: expect.stringMatching(/^tilsyn_\d+$/), statement: registered }]);
    expect(statements.some((s) => s.statement.includes('a > $1'))).toBe(false);
  });

  it('TILSYN_DB_PREPARED=0 keeps none (a pooler in transaction mode in front)', async () => {
    await handle.db.destroy();
    await handle.healthDb.destroy();
    process.env.TILSYN_DB_PREPARED = '0';
    try {
      handle = openDatabase({ databaseUrl: fresh.options.databaseUrl! });
      const text = 'select * from prepared_check where a <= $1';
      prepareText(text);
      expect((await handle.db.executeQuery(CompiledQuery.raw(text, [1]))).rows).toEqual([{ a: 1 }]);
      expect(await kept()).toEqual([]);
    } finally {
      delete process.env.TILSYN_DB_PREPARED;
    }
  });

  it('a plan that no longer fits its table fails once; the next call prepares it again', async () => {
    const text = 'select * from prepared_check where a >= $1 order by a';
    prepareText(text);
    expect((await handle.db.executeQuery(CompiledQuery.raw(text, [1]))).rows).toEqual([{ a: 1 }, { a: 2 }]);
    await sql`alter table prepared_check add column b integer default 7`.execute(handle.db);
    await expect(handle.db.executeQuery(CompiledQuery.raw(text, [1]))).rejects.toMatchObject({ code: '0A000' });
    expect((await handle.db.executeQuery(CompiledQuery.raw(text, [2]))).rows).toEqual([{ a: 2, b: 7 }]);
    expect((await kept()).filter((s) => s.statement === text).map((s) => s.name)).toEqual([expect.stringMatching(/^tilsyn_\d+$/), expect.stringMatching(/^tilsyn_\d+_1$/)]);
  });

  it("a day's pull runs by the prepared page statement; a pull over a wide range is planned with its values", async () => {
    await migrateToLatest(handle.db);
    await sql`select setval('sync_seq', 10000)`.execute(handle.db);
    const forvaltning: AuthUser = { id: 'u-f', username: 'f', displayName: 'F', role: 'forvaltning', institutionIds: [], scopeEpoch: 0 };
    const pageStatements = async () => (await kept()).filter((s) => s.statement.includes('json_agg')).map((s) => s.name);
    await pullChanges(handle.db, forvaltning, { v: 1, cursor: 0, limit: 10 });
    expect(await pageStatements()).toEqual([]);
    await pullChanges(handle.db, forvaltning, { v: 1, cursor: 9_990, limit: 10 });
    expect(await pageStatements()).toEqual([expect.stringMatching(/^tilsyn_\d+$/)]);
  });
});
