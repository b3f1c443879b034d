/**
 * Every query that push and pull send uses an index on the tables that grow with use (records,
 * record_revisions, mutations, conflicts, and those that grow with the municipality: institutions,
 * users and their links, tokens, audit, privacy flags, calibration draws): the queries are captured
 * while real pushes and pulls run (create, edit, conflict, resolve, a retry, høring with its
 * re-stamped child records; pulls as konsulent, leder and forvaltning, page by page, with the first
 * page's count and after a scope change; the token check every request makes; the statistics a
 * device fetches after each sync: the overview, the theme averages summed in SQL, the report's
 * municipal average), then each one is explained on the same database: `EXPLAIN QUERY PLAN` on
 * SQLite (a `SCAN` of such a table fails), `EXPLAIN (FORMAT JSON)` on PostgreSQL with sequential
 * scans priced out (a Seq Scan that remains, or an index scan without an index condition on its
 * first column, fails). With a few test rows both planners would rather scan, so on PostgreSQL a
 * scan only survives when no index fits; SQLite without statistics prefers an index whenever one fits.
 *
 * On PostgreSQL a push reads through a function (`tilsyn_push_load`, migration 0910): its
 * statements run inside the database, where no client log sees them, so each SELECT of every
 * `tilsyn_*` function a captured query calls is taken from `pg_proc` and explained with the call's
 * arguments.
 *
 * A few statements read a whole table by their nature, and say so (`WHOLE_TABLE`): the coverage
 * count goes over every institution, whose ids it needs. They are listed with the reason; any other
 * scan fails.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import { expect, it } from 'vitest';
import { authenticateToken, loadAuthUser, tokenPolicyFrom, type AuthUser } from '../../../server/auth/tokens';
import { prepareText, preparedName } from '../../../server/db/compiled';
import { wrapClientQueries } from '../../../server/db/pipeline';
import type { Database } from '../../../server/db/schema';
import { pullChanges } from '../../../server/sync/pull';
import { pushMutations } from '../../../server/sync/push';
import { saveSettings } from '../../../server/calibration/sampling';
import { readScopeOf } from '../../../server/sync/visibility';
import { overview } from '../../../server/stats/overview';
import { municipalReportAverage } from '../../../server/stats/reportAverage';
import { municipalThemeAverages } from '../../../server/stats/themeAverages';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import type { Mutation, PushResponse } from '../../../shared/sync/wire';
import { describeDialects, mutation, newInspection, useServer, type DialectCase } from './helpers';

const GUARDED = ['records', 'record_revisions', 'mutations', 'conflicts', 'institutions', 'users', 'user_institutions', 'user_relations', 'tokens', 'audit', 'privacy_flags', 'calibration_draws'];

/**
 * Statements that read every row of a table on purpose, each with its reason (matched on the SQL
 * text, for one table only; a scan of another table in the same statement still fails).
 */
const WHOLE_TABLE: { sql: RegExp; table: string; why: string; /** Only the planner's own choice at realistic row counts (PostgreSQL): with scans priced out it must still find an index. */ plannerOnly?: true }[] = [
  // server/stats/overview.ts municipalCoverage: the 24-month counts go over ALL institutions (ids only).
  { sql: /^select "id" from "institutions"$/, table: 'institutions', why: 'coverage counts every institution' },
  // server/export/scoreData.ts for forvaltning (who sees all): the overview's institutions, in id order (the primary key).
  { sql: /^select "data" from "institutions" order by "id"$/, table: 'institutions', why: "forvaltning's overview lists every institution" },
  // server/stats/themeAverageSums.ts: only institutions the server knows count; their ids are read once (a hashed subplan).
  { sql: /in \(select id from institutions\)/, table: 'institutions', why: 'the theme averages count the institutions the server knows' },
  // The same query sums every final inspection of the municipality with its theme scores: where that is most of the table,
  // PostgreSQL reads it once (hash join) rather than by index; priced out, it goes by records_status_order and records_inspection.
  { sql: /with fin as \(/, table: 'records', why: 'the theme averages sum over every final inspection', plannerOnly: true },
  // server/export/scoreData.ts for the report's municipal average (server/stats/reportAverage.ts): every final inspection of
  // a 24-month window over ALL institutions. No index leads with the date, so any plan reads the index entries of every final
  // inspection: by records_status_order (its status condition selects nearly all of them), or, once the planner knows that
  // (extended statistics, migration 1130), by records_inspection_export_order with the date range checked in the index.
  {
    sql: /^select "data" from "records" where "type" = \$1 and "deleted" = \$2 and \(records\.data::jsonb ->> 'status'\) = \$3 and \(records\.data::jsonb ->> 'date'\) >= \$4 and \(records\.data::jsonb ->> 'date'\) <= \$5$/,
    table: 'records',
    why: "the report's municipal average reads every final inspection of its window",
  },
];
/**
 * Indexes a statement reads whole on purpose (PostgreSQL: an index scan without a condition on its
 * first column), each with its reason; a Seq Scan in the same statement still fails.
 */
const WHOLE_INDEX: { sql: RegExp; index: string; why: string }[] = [
  // server/stats/themeAverageSums.ts: every theme score of every final inspection, read from the summary index
  // (migration 1230) in inspection order, without the table or its JSON: a whole read of the index is the point of it.
  { sql: /with fin as \(/, index: 'records_theme_score_stats', why: 'the theme averages read every theme score from its summary' },
];
const wholeIndexIn = (sqlText: string) => WHOLE_INDEX.filter((w) => w.sql.test(sqlText)).map((w) => w.index);
const allowedIn = (sqlText: string, planner: boolean) => WHOLE_TABLE.filter((w) => w.sql.test(sqlText) && (planner || !w.plannerOnly)).map((w) => w.table);

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

interface Explainer {
  db: Kysely<Database>;
  /** The scans of guarded tables in the plan of `q` (empty = every guarded table is reached by an index). */
  scans(q: Captured): Promise<string[]>;
  /**
   * PostgreSQL: fills the tables a push writes to with a municipality's worth of older rows and
   * ANALYZEs, so the planner prices with realistic row counts (after the scenario ran: its pulls
   * see none of them). SQLite plans without statistics (the server never runs ANALYZE), as here.
   */
  grow?(): Promise<void>;
  close(): Promise<void>;
}

/** The tables a statement names, by the name its plan uses (an alias, or the table's own name). */
function namesOf(sqlText: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of sqlText.matchAll(/\b(?:from|join|into|update)\s+"?([a-z_]+)"?(?:\s+(?:as\s+)?"?([a-z_]+)"?)?/gi)) {
    const table = m[1]!.toLowerCase();
    if (!GUARDED.includes(table)) continue;
    names.set(table, table);
    const alias = m[2]?.toLowerCase();
    if (alias && !/^(where|on|set|select|inner|left|join|order|group|limit|values|cross|union|using|returning)$/.test(alias)) names.set(alias, table);
  }
  return names;
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
      const allowed = allowedIn(q.sql, false);
      const names = namesOf(q.sql);
      // "SCAN records", "SCAN r" (an alias), "SCAN records USING INDEX …" (a whole index read in order): all read every row.
      return plan
        .map((p) => p.detail)
        .filter((detail) => {
          const scanned = /^SCAN "?([a-z_]+)"?/i.exec(detail)?.[1]?.toLowerCase();
          const table = scanned ? (names.get(scanned) ?? (GUARDED.includes(scanned) ? scanned : undefined)) : undefined;
          return table !== undefined && !allowed.includes(table);
        });
    },
    close: async () => {
      await db.destroy();
    },
  };
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Plans?: PlanNode[] };

/** Each SELECT and write in the body of a PL/pgSQL function, with its arguments and variables as parameters. */
interface FunctionStatement {
  sql: string;
  /** Where each $n comes from: the call's argument `n`, or a sample value of a declared variable's type. */
  values: ({ argument: number } | { sample: unknown })[];
}

function sampleOf(type: string): unknown {
  if (/\[\]$/.test(type)) return [sampleOf(type.slice(0, -2))];
  if (/int|numeric/.test(type)) return 1;
  if (type === 'json') return '[]';
  if (type === 'boolean') return true;
  return 'x';
}

/**
 * The SELECTs of a function's body (`select … into var from …;`) and its INSERTs, UPDATEs and
 * DELETEs as plain queries: `into var` dropped, arguments and declared variables replaced by typed
 * parameters.
 */
async function functionStatements(client: pg.Client, name: string): Promise<FunctionStatement[]> {
  const row = (await client.query(`select prosrc, pg_get_function_identity_arguments(oid) as args from pg_proc where proname = $1`, [name])).rows[0] as { prosrc: string; args: string } | undefined;
  if (!row) return [];
  const args = row.args ? row.args.split(',').map((a) => a.trim().split(/\s+/) as [string, string]) : [];
  const body = row.prosrc.replace(/--[^\n]*/g, '');
  const declared = [...(/\bdeclare\b([\s\S]*?)\bbegin\b/i.exec(body)?.[1] ?? '').matchAll(/([a-z_]+)\s+([a-z_\[\]]+)\s*;/gi)].map((m) => [m[1]!, m[2]!] as [string, string]);
  const code = body.slice(body.search(/\bbegin\b/i) + 5);
  const out: FunctionStatement[] = [];
  for (const raw of code.split(';')) {
    const text = raw.trim();
    // SELECTs that read a table, and the writes (an UPDATE … FROM finds its rows as a SELECT would).
    if (!(/^select\b/i.test(text) && /\bfrom\b/i.test(text)) && !/^(insert|update|delete|with)\b/i.test(text)) continue;
    let sqlText = text.replace(/\binto\s+[a-z_]+\s+from\b/i, 'from');
    const values: FunctionStatement['values'] = [];
    // Longer names first, so `inspection_ids` is not read as `ids`.
    const vars = [...args.map(([n, t], i) => ({ n, t, v: { argument: i } as const })), ...declared.map(([n, t]) => ({ n, t, v: { sample: sampleOf(t) } }))].sort((a, b) => b.n.length - a.n.length);
    for (const v of vars) {
      const re = new RegExp(`(?<![.\\w$])${v.n}(?![\\w(])`, 'g');
      if (!re.test(sqlText)) continue;
      values.push(v.v);
      sqlText = sqlText.replace(re, `$${values.length}::${v.t}`);
    }
    out.push({ sql: sqlText, values });
  }
  return out;
}

function postgresExplainer(url: string, log: (q: CompiledQuery) => void): Explainer {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // As the server's pool (db/connect.ts): pull's bound goes with its page (db/pipeline.ts).
  pool.on('connect', (c) => wrapClientQueries(c, true));
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
  let grown = false;
  const planScans = async (sqlText: string, parameters: readonly unknown[], generic: boolean): Promise<string[]> => {
    const indexes = await ready;
    const allowed = allowedIn(sqlText, false);
    const explain = async () => ((await client.query(`EXPLAIN (FORMAT JSON) ${sqlText}`, parameters as unknown[])).rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan;
    // The plan PostgreSQL may keep for a prepared statement (plan_cache_mode auto: after five runs,
    // when it prices no worse), made without the values: the server's named statements
    // (db/compiled.ts) and every statement inside our functions may run by it.
    const explainGeneric = async () => {
      await client.query(`PREPARE tilsyn_plan_check AS ${sqlText}`);
      try {
        await client.query('SET plan_cache_mode = force_generic_plan');
        const nulls = parameters.map(() => 'NULL').join(', ');
        return ((await client.query(`EXPLAIN (FORMAT JSON) EXECUTE tilsyn_plan_check${nulls ? `(${nulls})` : ''}`)).rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan;
      } finally {
        await client.query('RESET plan_cache_mode');
        await client.query('DEALLOCATE tilsyn_plan_check');
      }
    };
    const plans = async () => [await explain(), ...(generic && parameters.length > 0 ? [await explainGeneric()] : [])];
    const out: string[] = [];
    // With the realistic row counts, the planner's own choice as well (scans not priced out): no
    // Seq Scan of the tables that hold them.
    if (grown) {
      await client.query('SET enable_seqscan = on');
      const visit = (n: PlanNode, kind: string) => {
        const rel = n['Relation Name'];
        if (rel && GROWN.includes(rel) && !allowedIn(sqlText, true).includes(rel) && n['Node Type'] === 'Seq Scan') out.push(`Seq Scan on ${rel} (planner's choice at ${GROWN_ROWS} rows${kind})`);
        for (const child of n.Plans ?? []) visit(child, kind);
      };
      try {
        for (const [i, plan] of (await plans()).entries()) visit(plan, i === 0 ? '' : ', generic plan');
      } finally {
        await client.query('SET enable_seqscan = off');
      }
    }
    const walk = (n: PlanNode, kind: string) => {
      const rel = n['Relation Name'];
      if (rel && GUARDED.includes(rel) && !allowed.includes(rel) && n['Node Type'] === 'Seq Scan') out.push(`Seq Scan on ${rel}${kind}`);
      const index = n['Index Name'] ? indexes.get(n['Index Name']) : undefined;
      if (index && !allowed.includes(index.table) && !wholeIndexIn(sqlText).includes(n['Index Name']!) && /Index (Only )?Scan$/.test(n['Node Type']) && !new RegExp(`\\b${index.first}\\b[^=<>]{0,40}[=<>]`).test(n['Index Cond'] ?? '')) {
        out.push(`${n['Node Type']} using ${n['Index Name']} on ${index.table} without a condition on its first column (${index.first}): ${n['Index Cond'] ?? 'none'}${kind}`);
      }
      for (const child of n.Plans ?? []) walk(child, kind);
    };
    for (const [i, plan] of (await plans()).entries()) walk(plan, i === 0 ? '' : ' (generic plan)');
    return out;
  };
  return {
    db,
    scans: async (q) => {
      await ready;
      // Pull's page reads its bound from this setting (server/sync/pull.ts, WATERMARK): the one it would read now.
      await client.query(`select set_config('tilsyn.pull_high', (select last_value from sync_seq)::text, false)`);
      // The server's named prepared statements (db/compiled.ts) may run by a generic plan.
      const out = await planScans(q.sql, q.parameters, preparedName(q.sql) !== undefined);
      // A call of one of our functions: its own statements too, with the call's arguments (the call's
      // parameters in order: `select tilsyn_push_load($1::integer, $2::text, …)`).
      for (const call of q.sql.matchAll(/\b(tilsyn_[a-z_]+)\s*\(([^)]*)\)/g)) {
        const args = call[2]!.split(',').map((a) => /^\s*\$(\d+)/.exec(a)?.[1]);
        for (const st of await functionStatements(client, call[1]!)) {
          const parameters = st.values.map((v) => ('sample' in v ? v.sample : q.parameters[Number(args[v.argument]) - 1]));
          for (const scan of await planScans(st.sql, parameters, true)) out.push(`${scan} (in ${call[1]}: ${st.sql.replace(/\s+/g, ' ').slice(0, 160)})`);
        }
      }
      return out;
    },
    grow: async () => {
      await ready;
      // 4,000 inspections at 400 institutions, each with seven theme scores, one revision and one
      // stored result per record; numbered below every number of the scenario (seq ≤ 0), so the
      // captured pulls' ranges hold what they held, in a table of realistic size.
      await client.query(`
        insert into records (type, id, institution_id, inspection_id, data, field_revs, rev, deleted, leder_visible, updated_at, seq)
        select case when k = 0 then 'inspection' else 'themeScore' end, 'bg-' || i || '-' || k, 'BG-' || (i % 400), 'bg-' || i || '-0',
          json_build_object('id', 'bg-' || i || '-' || k, 'status', 'endelig', 'date', (2015 + i % 10) || '-05-01', 'frameworkId', 'v1', 'themeId', 't' || k, 'step', 1 + k % 4)::text,
          '{}', 1, 0, 1, '2025-01-01T00:00:00.000Z', -(i * 8 + k)
        from generate_series(1, 4000) i, generate_series(0, 7) k`);
      await client.query(`insert into record_revisions (type, id, rev, data, client_id, user_id, mutation_id, created_at)
        select type, id, 1, data, 'bg-device-' || (seq % 100), 'bg-user', 'bg-m-' || id, updated_at from records where id like 'bg-%'`);
      await client.query(`insert into mutations (client_id, mutation_id, user_id, record_type, record_id, status, result, created_at)
        select 'bg-device-' || (seq % 100), 'bg-m-' || id, 'bg-user', type, id, 'applied', '{}', updated_at from records where id like 'bg-%'`);
      await client.query('analyze records; analyze record_revisions; analyze mutations');
      grown = true;
    },
    close: async () => {
      await client.end();
      await db.destroy();
    },
  };
}

/** The tables `grow()` fills, and how many rows each gets. */
const GROWN = ['records', 'record_revisions', 'mutations'];
const GROWN_ROWS = 32_000;

function explainerFor(d: DialectCase, options: { dataDir?: string; databaseUrl?: string }, log: (q: CompiledQuery) => void): Explainer {
  return d.name === 'sqlite' ? sqliteExplainer(options.dataDir!, log) : postgresExplainer(options.databaseUrl!, log);
}

const push = (db: Kysely<Database>, user: AuthUser, clientId: string, mutations: Mutation[]): Promise<PushResponse> => pushMutations(db, user, { protocolVersion: 1, clientId, mutations });

describeDialects('query plans of push and pull', (d) => {
  const s = useServer(d, {}, { world: true });

  it('no query of push, pull, the token check or the after-sync statistics scans a table that grows with use', async () => {
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
      // A note with a CPR number (the push flags it for forvaltning), and a planned visit the double-scoring sampler judges (its half year's tally).
      const flagged = await push(ex.db, konsulent, 'device-one', [mutation('themeScore', themeScoreId(id, THEME_IDS[1]), 1, { note: 'Barnet med cpr 010203-1234 legede' })]);
      expect(flagged.results[0]!.status, flagged.results[0]!.reason).toBe('applied');
      await saveSettings(ex.db, { enabled: true, share: 1, minPerConsultant: 2 }, new Date().toISOString());
      const planned = newInspection('INST-A', { status: 'planlagt', consultantIds: [konsulent.id] });
      const drawn = await push(ex.db, konsulent, 'device-one', [mutation('inspection', planned.id, 0, { ...planned })]);
      expect(drawn.results[0]!.status, drawn.results[0]!.reason).toBe('applied');

      // A retry of a stored mutation (answered from the stored result), and høring: the child records get new numbers.
      expect((await push(ex.db, konsulent, 'device-one', [edit])).results[0]!.duplicate).toBe(true);
      for (const status of ['udkast', 'i_hoering']) {
        const rev = Number((await ex.db.selectFrom('records').select('rev').where('type', '=', 'inspection').where('id', '=', id).executeTakeFirstOrThrow()).rev);
        expect((await push(ex.db, konsulent, 'device-one', [mutation('inspection', id, rev, { status })])).results[0]!.status).toBe('applied');
      }

      // Every request's token check (one query on the read connection, and the daily last-used stamp).
      phase = 'auth';
      for (const token of [s.world.konsulentA, s.world.lederA, s.world.admin]) {
        const session = await authenticateToken(ex.db, token, tokenPolicyFrom(undefined), new Date(Date.now() + 2 * 86_400_000), ex.db);
        expect('user' in session).toBe(true);
      }

      phase = 'pull';
      for (const who of [konsulent, leder, forvaltning]) {
        // A first pull: its first page counts (Henter N af M), then page by page to the end.
        let page = await pullChanges(ex.db, who, { v: 1, cursor: 0, limit: 3, count: '1' });
        expect(page.total).toBeGreaterThan(0);
        let pages = 1;
        while (page.hasMore) {
          page = await pullChanges(ex.db, who, { v: 1, cursor: page.nextCursor, limit: 3, epoch: page.scope.epoch });
          pages++;
        }
        expect(pages).toBeGreaterThan(1);
        // A pull after the user's scope changed (another epoch): it starts over, and counts again.
        const reset = await pullChanges(ex.db, who, { v: 1, cursor: page.nextCursor, limit: 3, epoch: page.scope.epoch + 1, count: '1' });
        expect(reset.reset).toBe(true);
      }

      // What a device fetches after each sync (renderer/sync: overview, theme averages, the report's municipal average).
      phase = 'stats';
      for (const who of [konsulent, leder, forvaltning]) await overview(ex.db, readScopeOf(who));
      await municipalThemeAverages(ex.db);
      for (const forvaltningCaller of [false, true]) await municipalReportAverage(ex.db, { to: inspection.date, scale: CURRENT_FRAMEWORK.scale.id, forvaltning: forvaltningCaller });

      const guardedQueries = [...captured].filter(([, q]) => GUARDED.some((t) => new RegExp(`\\b${t}\\b`).test(q.sql)) || /\btilsyn_[a-z_]+\s*\(/.test(q.sql));
      // The scenario reached the queries that matter (a refactor that stops capturing them must not pass silently).
      expect(guardedQueries.length).toBeGreaterThan(10);
      for (const p of ['push', 'auth', 'pull', 'stats']) expect(guardedQueries.some(([k]) => k.startsWith(`${p}:`)), p).toBe(true);
      for (const table of ['privacy_flags', 'calibration_draws']) expect(guardedQueries.some(([k]) => k.startsWith('push') && k.includes(`"${table}"`)), table).toBe(true);
      expect(guardedQueries.some(([k]) => k.startsWith('pull') && /from "records"/.test(k))).toBe(true);
      expect(guardedQueries.some(([k]) => k.startsWith('pull') && /count\(\*\)/.test(k))).toBe(true);
      expect(guardedQueries.some(([k]) => /"inspection_id" = /.test(k))).toBe(true);
      if (d.name === 'postgres') {
        expect(guardedQueries.some(([k]) => /tilsyn_push_load\(/.test(k))).toBe(true);
        expect(guardedQueries.some(([k]) => /tilsyn_push_store\(/.test(k))).toBe(true);
        // Pull's and the token check's statements run as named prepared statements: their generic plans are explained too.
        for (const p of ['auth', 'pull']) expect(guardedQueries.some(([k, q]) => k.startsWith(`${p}:`) && preparedName(q.sql) !== undefined), p).toBe(true);
      }
      await ex.grow?.();
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
      // Under an alias too.
      expect(await ex.scans({ sql: `select r.id from records r where r.data like ${p(1)}`, parameters: ['%x%'] })).not.toEqual([]);
      // By id alone, while the key is (type, id): the whole key index is read.
      expect(await ex.scans({ sql: `select id from records where id in (${p(1)}, ${p(2)})`, parameters: ['x', 'y'] })).not.toEqual([]);
      // By the whole key: not a scan. (A type no partial index holds: on the empty table PostgreSQL prices reading the
      // empty partial index of inspections, 0960, a hair below the key once the rows are wider, as 1230 made them.)
      expect(await ex.scans({ sql: `select id from records where type = ${p(1)} and id = ${p(2)}`, parameters: ['fokuspunktNote', 'x'] })).toEqual([]);
      // A table that grows with the municipality: institutions by their data.
      expect(await ex.scans({ sql: `select id from institutions where data like ${p(1)}`, parameters: ['%x%'] })).not.toEqual([]);
    } finally {
      await ex.close();
    }
  });

  it.skipIf(d.name !== 'postgres')('a scan inside one of our functions is found: its statements are explained, not only the call', async () => {
    const ex = explainerFor(d, s.database.options, () => {});
    const client = new pg.Client({ connectionString: s.database.options.databaseUrl });
    await client.connect();
    try {
      // The push's preread is checked statement by statement (five SELECTs in tilsyn_push_load), each reading records or mutations by the call's arguments.
      const statements = await functionStatements(client, 'tilsyn_push_load');
      expect(statements.length).toBeGreaterThanOrEqual(5);
      expect(statements.every((st) => /\b(records|mutations)\b/.test(st.sql) && st.values.length > 0 && !/\binto\b/.test(st.sql))).toBe(true);
      // The push's writes (tilsyn_push_store, migration 1100): its UPDATE finds the changed records by the call's arrays.
      const writes = await functionStatements(client, 'tilsyn_push_store');
      expect(writes.map((st) => /^\s*(\w+)/.exec(st.sql)![1])).toEqual(['insert', 'update', 'insert', 'insert']);
      expect(writes[1]!.sql).toMatch(/records\.id = any\(\$\d+::text\[\]\)/);
      await client.query(`create function tilsyn_test_scan(wanted text) returns json language plpgsql as $$
        declare found json;
        begin
          select json_agg(r.id) into found from records r where r.data like wanted;
          return found;
        end $$`);
      const call = { sql: 'select tilsyn_test_scan($1::text) as x', parameters: ['%x%'] };
      expect((await ex.scans(call)).join('\n')).toMatch(/Seq Scan on records \(in tilsyn_test_scan/);

      // At realistic row counts the planner's own choice is checked too: most of the table by an index condition is still read by a scan.
      const most = { sql: `select id from records where type = $1 and deleted = 0`, parameters: ['themeScore'] };
      // (Few rows, scans priced out: read by an index; on PostgreSQL the summary index of the theme scores, 1230, whose
      // predicate is this very condition, read whole, which the check reports as an index read without a condition.)
      expect((await ex.scans(most)).filter((m) => !/^Index (Only )?Scan using records_theme_score_stats /.test(m))).toEqual([]);
      await ex.grow!();
      expect((await ex.scans(most)).join('\n')).toMatch(/Seq Scan on records \(planner's choice/);

      // A named prepared statement (db/compiled.ts) is checked with its generic plan too: above the
      // newest number the values find nothing (an index), a plan made without them reads a third of the table.
      const recent = { sql: 'select id from records where seq > $1', parameters: [1_000_000] };
      expect(await ex.scans(recent)).toEqual([]);
      prepareText(recent.sql);
      expect((await ex.scans(recent)).join('\n')).toMatch(/Seq Scan on records \(planner's choice at \d+ rows, generic plan\)/);
    } finally {
      await client.query('drop function if exists tilsyn_test_scan(text)');
      await client.end();
      await ex.close();
    }
  });
});
