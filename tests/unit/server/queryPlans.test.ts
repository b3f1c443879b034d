/**
 * Every query that push and pull send uses an index on the tables that grow with use (records,
 * record_revisions, mutations, conflicts): the queries are captured while real pushes and pulls run
 * (create, edit, conflict, resolve, a retry, høring with its re-stamped child records; pulls as
 * konsulent, leder and forvaltning), then each one is explained on the same database: `EXPLAIN
 * QUERY PLAN` on SQLite (a `SCAN` of such a table fails), `EXPLAIN (FORMAT JSON)` on PostgreSQL with
 * sequential scans priced out (a Seq Scan that remains, or an index scan without an index
 * condition, fails). With a few test rows both planners would rather scan, so on PostgreSQL a scan
 * only survives when no index fits; SQLite without statistics prefers an index whenever one fits.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import { expect, it } from 'vitest';
import { loadAuthUser, type AuthUser } from '../../../server/auth/tokens';
import type { Database } from '../../../server/db/schema';
import { pullChanges } from '../../../server/sync/pull';
import { pushMutations } from '../../../server/sync/push';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import type { Mutation, PushResponse } from '../../../shared/sync/wire';
import { describeDialects, mutation, newInspection, useServer, type DialectCase } from './helpers';

const GUARDED = ['records', 'record_revisions', 'mutations', 'conflicts'];

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

interface Explainer {
  db: Kysely<Database>;
  /** The scans of guarded tables in the plan of `q` (empty = every guarded table is reached by an index). */
  scans(q: Captured): Promise<string[]>;
  close(): Promise<void>;
}

function sqliteExplainer(dataDir: string, log: (q: CompiledQuery) => void): Explainer {
  const sqlite = new SQLite(path.join(dataDir, 'tilsyn.sqlite'));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: (e) => {
    if (e.level === 'query') log(e.query);
  } });
  return {
    db,
    scans: async (q) => {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
      return plan.map((p) => p.detail).filter((d) => GUARDED.some((t) => new RegExp(`^SCAN ${t}\\b`).test(d)));
    },
    close: async () => {
      await db.destroy();
    },
  };
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Plans?: PlanNode[] };

function postgresExplainer(url: string, log: (q: CompiledQuery) => void): Explainer {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (e) => {
    if (e.level === 'query') log(e.query);
  } });
  const client = new pg.Client({ connectionString: url });
  // Each guarded table's indexes with the name in their first column: an index condition on a later
  // column only (e.g. `id` of the key (type, id)) still reads the whole index.
  const ready = client.connect().then(async () => {
    await client.query('SET enable_seqscan = off');
    const rows = (
      await client.query(
        `select i.relname as index, t.relname as table, pg_get_indexdef(x.indexrelid, 1, true) as first
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid where t.relname = any($1)`,
        [GUARDED],
      )
    ).rows as { index: string; table: string; first: string }[];
    return new Map(rows.map((r) => [r.index, { table: r.table, first: /[a-z_]+/.exec(r.first)![0] }]));
  });
  return {
    db,
    scans: async (q) => {
      const indexes = await ready;
      const res = await client.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.parameters as unknown[]);
      const out: string[] = [];
      const walk = (n: PlanNode) => {
        const rel = n['Relation Name'];
        if (rel && GUARDED.includes(rel) && n['Node Type'] === 'Seq Scan') out.push(`Seq Scan on ${rel}`);
        const index = n['Index Name'] ? indexes.get(n['Index Name']) : undefined;
        if (index && /Index (Only )?Scan$/.test(n['Node Type']) && !new RegExp(`\\b${index.first}\\b[^=<>]{0,40}[=<>]`).test(n['Index Cond'] ?? '')) {
          out.push(`${n['Node Type']} using ${n['Index Name']} on ${index.table} without a condition on its first column (${index.first}): ${n['Index Cond'] ?? 'none'}`);
        }
        for (const child of n.Plans ?? []) walk(child);
      };
      walk((res.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan);
      return out;
    },
    close: async () => {
      await client.end();
      await db.destroy();
    },
  };
}

function explainerFor(d: DialectCase, options: { dataDir?: string; databaseUrl?: string }, log: (q: CompiledQuery) => void): Explainer {
  return d.name === 'sqlite' ? sqliteExplainer(options.dataDir!, log) : postgresExplainer(options.databaseUrl!, log);
}

const push = (db: Kysely<Database>, user: AuthUser, clientId: string, mutations: Mutation[]): Promise<PushResponse> => pushMutations(db, user, { protocolVersion: 1, clientId, mutations });

describeDialects('query plans of push and pull', (d) => {
  const s = useServer(d, {}, { world: true });

  it('no push or pull query scans records, record_revisions, mutations or conflicts', async () => {
    const captured = new Map<string, Captured>();
    let phase = 'push';
    const ex = explainerFor(d, s.database.options, (q) => {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(q.sql)) return;
      captured.set(`${phase}: ${q.sql}`, { sql: q.sql, parameters: q.parameters });
    });
    try {
      const user = async (name: string) => (await loadAuthUser(ex.db, s.world.users[name]!))!;
      const admin = (await ex.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
      const [konsulent, leder, forvaltning] = [await user('konsulent-a'), await user('leder-a'), (await loadAuthUser(ex.db, admin))!];

      // Create an inspection with its scores, then edit them; a second device edits the same field (conflict) and resolves it.
      const inspection = newInspection('INST-A');
      const id = inspection.id;
      const created = [mutation('inspection', id, 0, { ...inspection }), ...THEME_IDS.map((t) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 2 }))];
      expect((await push(ex.db, konsulent, 'device-one', created)).results.every((r) => r.status === 'applied')).toBe(true);
      const edit = mutation('themeScore', themeScoreId(id, THEME_IDS[0]), 1, { step: 3 });
      expect((await push(ex.db, konsulent, 'device-one', [edit])).results[0]!.status).toBe('applied');
      const clash = await push(ex.db, konsulent, 'device-two', [mutation('themeScore', themeScoreId(id, THEME_IDS[0]), 1, { step: 4 })]);
      expect(clash.results[0]!.status).toBe('conflict');
      const conflictId = clash.results[0]!.conflicts[0]!.id;
      // The same device changes the field again (its open conflict is updated), then settles it.
      expect((await push(ex.db, konsulent, 'device-two', [mutation('themeScore', themeScoreId(id, THEME_IDS[0]), 1, { step: 1 })])).results[0]!.status).toBe('conflict');
      expect((await push(ex.db, konsulent, 'device-two', [mutation('themeScore', themeScoreId(id, THEME_IDS[0]), 2, {}, { resolvesConflicts: [conflictId] })])).results[0]!.status).toBe('applied');
      // A retry of a stored mutation (answered from the stored result), and høring: the child records get new numbers.
      expect((await push(ex.db, konsulent, 'device-one', [edit])).results[0]!.duplicate).toBe(true);
      for (const status of ['udkast', 'i_hoering']) {
        const rev = Number((await ex.db.selectFrom('records').select('rev').where('type', '=', 'inspection').where('id', '=', id).executeTakeFirstOrThrow()).rev);
        expect((await push(ex.db, konsulent, 'device-one', [mutation('inspection', id, rev, { status })])).results[0]!.status).toBe('applied');
      }

      phase = 'pull';
      for (const who of [konsulent, leder, forvaltning]) {
        const first = await pullChanges(ex.db, who, { v: 1, cursor: 0, limit: 3 });
        await pullChanges(ex.db, who, { v: 1, cursor: first.nextCursor, limit: 500, epoch: first.scope.epoch });
      }

      const guardedQueries = [...captured].filter(([, q]) => GUARDED.some((t) => new RegExp(`\\b${t}\\b`).test(q.sql)));
      // The scenario reached the queries that matter (a refactor that stops capturing them must not pass silently).
      expect(guardedQueries.length).toBeGreaterThan(10);
      expect(guardedQueries.some(([k]) => k.startsWith('pull') && /from "records"/.test(k))).toBe(true);
      expect(guardedQueries.some(([k]) => /"inspection_id" = /.test(k))).toBe(true);
      const problems: string[] = [];
      for (const [key, q] of guardedQueries) for (const scan of await ex.scans(q)) problems.push(`${scan}\n    in ${key}`);
      expect(problems).toEqual([]);
    } finally {
      await ex.close();
    }
  });

  it('the check notices a scan (a query no index can answer)', async () => {
    const ex = explainerFor(d, s.database.options, () => {});
    try {
      const p = (n: number) => (d.name === 'sqlite' ? '?' : `$${n}`);
      expect(await ex.scans({ sql: `select id from records where data like ${p(1)}`, parameters: ['%x%'] })).not.toEqual([]);
      // By id alone, while the key is (type, id): the whole key index is read.
      expect(await ex.scans({ sql: `select id from records where id in (${p(1)}, ${p(2)})`, parameters: ['x', 'y'] })).not.toEqual([]);
      expect(await ex.scans({ sql: `select id from records where type = ${p(1)} and id = ${p(2)}`, parameters: ['inspection', 'x'] })).toEqual([]);
    } finally {
      await ex.close();
    }
  });
});
