/**
 * The cursor rule with writers side by side (docs/sync-protocol.md §4): a pull's upper bound never
 * passes a number that a transaction still open has taken, also when that transaction runs in
 * another server process (here: another connection pool on the same database), and pushes of the
 * same record from many devices at once lose nothing.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadAuthUser } from '../../../server/auth/tokens';
import { openDatabase } from '../../../server/db/connect';
import type { Database } from '../../../server/db/schema';
import { pullChanges } from '../../../server/sync/pull';
import { currentSeq, writeTransaction } from '../../../server/db/sequence';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import type { PullResponse } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pushBody, startApp, useServer } from './helpers';

describeDialects('the change sequence', (d) => {
  const s = useServer(d, {}, { world: true });

  it.skipIf(d.name !== 'sqlite')('pushes arriving one event-loop turn after another share one group commit (one transaction), each with its own numbers', async () => {
    const db = s.app.tilsyn.db;
    const transactions = new Set<unknown>();
    // Each push starts in a callback of its own, as requests received from the network do.
    const numbers = await Promise.all(
      Array.from({ length: 8 }, () =>
        new Promise<number>((resolve, reject) =>
          setImmediate(() =>
            writeTransaction(db, async (trx, seq) => {
              transactions.add(trx);
              return seq.take();
            }, { concurrent: { reserve: 1 } }).then(resolve, reject),
          ),
        ),
      ),
    );
    expect(transactions.size).toBe(1);
    expect(new Set(numbers).size).toBe(8);
    expect(await currentSeq(db)).toBe(Math.max(...numbers));
  });

  it.skipIf(d.name !== 'postgres')('a pull stops below a number taken by a transaction still open in another process, and moves on once it commits', async () => {
    const other = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: s.database.options.databaseUrl, max: 2 }) }) });
    try {
      const db = s.app.tilsyn.db;
      let release!: () => void;
      let taken = 0;
      const held = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const isOpen = new Promise<void>((r) => (started = r));
      // "Process 2" takes a number and keeps its transaction open.
      const slow = writeTransaction(
        other,
        async (_trx, seq) => {
          taken = await seq.take();
          started();
          await held;
        },
        { concurrent: { reserve: 0 } },
      );
      await isOpen;
      // "Process 1" commits later numbers meanwhile.
      const later = await writeTransaction(db, async (_trx, seq) => seq.take(), { concurrent: { reserve: 0 } });
      expect(later).toBeGreaterThan(taken);
      expect(await currentSeq(db)).toBeLessThan(taken);
      expect(await currentSeq(other)).toBeLessThan(taken);
      release();
      await slow;
      expect(await currentSeq(db)).toBeGreaterThanOrEqual(later);
    } finally {
      await other.destroy();
    }
  });

  it.skipIf(d.name !== 'postgres')('a pull page read with its bound in one round trip, by GET and behind a push’s COMMIT, stops below a number an open transaction holds and delivers it once committed', async () => {
    const other = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: s.database.options.databaseUrl, max: 2 }) }) });
    try {
      const k = api(s.app, s.world.konsulentA);
      const insp = newInspection('INST-A');
      pushBody(await k.push('device-bound-1', [mutation('inspection', insp.id, 0, { ...insp })]));
      const cursor = (await k.pull(0)).json().nextCursor as number;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const isOpen = new Promise<void>((r) => (started = r));
      let taken = 0;
      // "Process 2" stores a record of INST-A under a number and keeps its transaction open.
      const slow = writeTransaction(
        other,
        async (trx, seq) => {
          taken = await seq.take();
          await trx.insertInto('records').values({ type: 'themeScore', id: themeScoreId(insp.id, 'leg'), institution_id: 'INST-A', inspection_id: insp.id, data: JSON.stringify({ id: themeScoreId(insp.id, 'leg'), inspectionId: insp.id, themeId: 'leg', step: 2 }), field_revs: '{}', rev: 1, deleted: 0, leder_visible: 0, updated_at: new Date().toISOString(), seq: taken }).execute();
          started();
          await held;
        },
        { concurrent: { reserve: 0 } },
      );
      await isOpen;
      // A push with its first page commits later numbers meanwhile: its page stops below the open one.
      const theme = THEME_IDS.find((t) => t !== 'leg')!;
      const res = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${s.world.konsulentA}` }, payload: { protocolVersion: 1, clientId: 'device-bound-1', mutations: [mutation('themeScore', themeScoreId(insp.id, theme), 0, { inspectionId: insp.id, themeId: theme, step: 1 })], pull: { cursor, limit: 500 } } });
      const page = pushBody(res).pull!;
      expect(page.nextCursor).toBeLessThan(taken);
      expect(page.changes).toEqual([]);
      const got = (await k.pull(cursor)).json() as PullResponse;
      expect(got.nextCursor).toBeLessThan(taken);
      release();
      await slow;
      // Committed: the next pull from the page's cursor delivers both, the held one first.
      const after = (await k.pull(page.nextCursor)).json() as PullResponse;
      expect(after.changes.map((c) => c.recordId)).toEqual([themeScoreId(insp.id, 'leg'), themeScoreId(insp.id, theme)]);
    } finally {
      await other.destroy();
    }
  });

  it.skipIf(d.name !== 'postgres')('a cursor above a bound that stepped back (a writer registering just after a reader) is kept, not reset; one above every number handed out still resets', async () => {
    const k = api(s.app, s.world.konsulentA);
    const insp = newInspection('INST-A');
    pushBody(await k.push('device-step-back', [mutation('inspection', insp.id, 0, { ...insp })]));
    const first = (await k.pull(0)).json() as PullResponse;
    const cursor = first.nextCursor;
    expect(await currentSeq(s.app.tilsyn.db)).toBe(cursor);
    // A writer that read the sequence one number ago and registers now: numbers ≥ cursor, so the bound is cursor - 1 for a moment.
    const other = new pg.Client({ connectionString: s.database.options.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock_shared((21587::bigint << 48) + $1::bigint)', [cursor]);
      expect(await currentSeq(s.app.tilsyn.db)).toBe(cursor - 1);
      const kept = (await k.pull(cursor)).json() as PullResponse;
      expect(kept).toMatchObject({ reset: false, changes: [], nextCursor: cursor, hasMore: false });
      const ahead = (await k.pull(cursor + 1000)).json() as PullResponse;
      // From the beginning, up to the bound (the newest record waits above it).
      expect(ahead).toMatchObject({ reset: true, nextCursor: cursor - 1 });
    } finally {
      await other.query('rollback');
      await other.end();
    }
  });

  it.skipIf(d.name !== 'postgres')('a pull on a connection not in READ COMMITTED fails rather than read its page in a snapshot older than its bound', async () => {
    // One connection, so the setting below holds for the pull's statements.
    const poolSize = process.env.TILSYN_DB_POOL_SIZE;
    process.env.TILSYN_DB_POOL_SIZE = '1';
    const handle = openDatabase({ databaseUrl: s.database.options.databaseUrl! });
    if (poolSize === undefined) delete process.env.TILSYN_DB_POOL_SIZE;
    else process.env.TILSYN_DB_POOL_SIZE = poolSize;
    try {
      await sql`set default_transaction_isolation = 'repeatable read'`.execute(handle.db);
      const user = (await loadAuthUser(handle.db, s.world.users['konsulent-a']!))!;
      await expect(pullChanges(handle.db, user, { v: 1, cursor: 0, limit: 10 })).rejects.toThrow(/pull needs read committed/);
      await sql`set default_transaction_isolation = 'read committed'`.execute(handle.db);
      expect((await pullChanges(handle.db, user, { v: 1, cursor: 0, limit: 10 })).changes.length).toBeGreaterThanOrEqual(0);
    } finally {
      await handle.db.destroy();
      await handle.healthDb.destroy();
    }
  });

  it('devices pushing at once through two server processes, while another device pulls: every change reaches the puller, none twice, none lost', async () => {
    const second: FastifyInstance = await startApp(s.database);
    try {
      const apps = [s.app, second];
      const token = s.world.konsulentA;
      const inspections = Array.from({ length: 6 }, () => newInspection('INST-A'));
      for (const i of inspections) pushBody(await api(s.app, token).push(`setup-${i.id}`, [mutation('inspection', i.id, 0, { ...i })]));

      // The puller pulls in a loop while the pushes run, and once after.
      const seen = new Map<string, number>();
      let cursor = 0;
      let done = false;
      const pullOnce = async () => {
        const res = await api(apps[cursor % 2]!, token).pull(cursor, 50);
        const page = res.json() as PullResponse;
        for (const c of page.changes) seen.set(`${c.recordType}|${c.recordId}`, Math.max(seen.get(`${c.recordType}|${c.recordId}`) ?? 0, c.rev));
        cursor = page.nextCursor;
        return page.hasMore;
      };
      const puller = (async () => {
        // A pause between pulls: on SQLite an injected pull never waits on I/O and would starve the pushes.
        while (!done) {
          await pullOnce();
          await new Promise((r) => setTimeout(r, 5));
        }
      })();

      // 24 devices: each creates the scores of one inspection or edits the shared note of inspection 0.
      const pushes = Array.from({ length: 24 }, async (_, n) => {
        const app = apps[n % 2]!;
        const insp = inspections[n % inspections.length]!;
        if (n < 12) {
          const theme = THEME_IDS[Math.floor(n / inspections.length)]!;
          return pushBody(await api(app, token).push(`device-${n}`, [mutation('themeScore', themeScoreId(insp.id, theme), 0, { inspectionId: insp.id, themeId: theme, step: 2 })]));
        }
        return pushBody(await api(app, token).push(`device-${n}`, [mutation('inspection', inspections[0]!.id, 1, { participants: [`Deltager ${n}`] })]));
      });
      const answers = await Promise.all(pushes);
      done = true;
      await puller;
      while (await pullOnce());

      expect(answers.flatMap((a) => a.results).every((r) => r.status === 'applied' || r.status === 'conflict')).toBe(true);
      // 12 edits of one field from 12 devices on the same base: applied one after another, rev counts them all.
      const first = answers.slice(12).flatMap((a) => a.results);
      const applied = first.filter((r) => r.status === 'applied').length;
      const rows = await s.app.tilsyn.db.selectFrom('records').select(['type', 'id', 'rev']).execute();
      const byKey = new Map(rows.map((r) => [`${r.type}|${r.id}`, r.rev]));
      expect(byKey.get(`inspection|${inspections[0]!.id}`)).toBe(1 + applied);
      // The puller, pulling while they ran, ends with every record at its last revision.
      for (const [k, rev] of byKey) expect(seen.get(k), k).toBe(rev);
    } finally {
      await second.close();
    }
  });
});
