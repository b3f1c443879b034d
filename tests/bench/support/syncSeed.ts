/*
 * The sync bench's server database: 4,000 institutions × 10 years of final inspections (an inspection,
 * 7 theme scores, an anerkendelse and an anbefaling each) = 400,000 records with their revisions,
 * written by bulk SQL (not through push: that would take longer than the bench) and cached between
 * runs: a SQLite file in the temp folder, a PostgreSQL template database. The cache key names the
 * migrations, so a new migration reseeds.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../../../server/app';
import { migrations } from '../../../server/db/migrations';
import { creatorFieldRevs, placementOf } from '../../../server/sync/store';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import { MUTABLE_RECORDS, type RecordType } from '../../../shared/records';
import { BENCH_ADMIN_PASSWORD, type BenchDatabase } from './serverProcess';

export const SEED_INSTITUTIONS = 4_000;
export const SEED_YEARS = 10;
const SEED_VERSION = 1;
/**
 * SQLite's seed has its own version: 2 is seeded without ANALYZE. A server's SQLite database never
 * has statistics (nothing runs ANALYZE there, server/db/plannerStatistics.ts); with sqlite_stat4
 * present SQLite re-prepares every statement whose bound value is compared with an indexed column
 * on each run with new values, ~8 % of the server's main thread in the sync rounds (docs/server.md).
 */
const SQLITE_SEED_VERSION = 2;
const CLIENT = 'server-seed';

export const institutionId = (i: number) => `B-${String(i + 1).padStart(4, '0')}`;

interface Row {
  type: string;
  id: string;
  institution_id: string;
  inspection_id: string;
  data: string;
  field_revs: string;
  seq: number;
}

function record(type: RecordType, input: Record<string, unknown>, seq: number, parent?: { id: string; institutionId: string; lederVisible: number }): Row {
  const data = MUTABLE_RECORDS[type].parse({ ...input, rev: 1 }) as Record<string, unknown>;
  const where = placementOf(type, String(data.id), data, parent);
  return {
    type,
    id: String(data.id),
    institution_id: where.institutionId,
    inspection_id: where.inspectionId,
    data: JSON.stringify(data),
    field_revs: JSON.stringify(creatorFieldRevs(type, data, CLIENT)),
    seq,
  };
}

/** The records of one institution, numbered from `seq`. */
function institutionRecords(inst: string, seq: number): Row[] {
  const rows: Row[] = [];
  for (let y = 0; y < SEED_YEARS; y++) {
    const id = `bench-${inst}-${2016 + y}`;
    const date = `${2016 + y}-0${1 + (y % 9)}-1${y % 10}`;
    const insp = record('inspection', { id, institutionId: inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Karen', 'Jonas'], participants: ['Leder'], status: 'endelig' }, seq++);
    rows.push(insp);
    const parent = { id, institutionId: inst, lederVisible: 1 };
    THEME_IDS.forEach((themeId, t) => rows.push(record('themeScore', { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: 1 + ((y + t) % 4), note: `Observation om ${themeId} ${y}` }, seq++, parent)));
    const stamp = `${date}T12:00:00.000Z`;
    rows.push(record('anerkendelse', { id: `${id}:a`, inspectionId: id, themeId: 'leg', text: 'Legen er rig og varieret', createdAt: stamp }, seq++, parent));
    rows.push(record('anbefaling', { id: `${id}:b`, inspectionId: id, themeId: 'overgange', text: 'Styrk overgangen til skole', createdAt: stamp }, seq++, parent));
  }
  return rows;
}

function institutionData(i: number) {
  return { id: institutionId(i), name: `Børnehuset ${i + 1}`, type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 30, rev: 1 };
}

function cacheKey(dialect: string): string {
  const h = createHash('sha256').update(`${dialect}|${dialect === 'sqlite' ? SQLITE_SEED_VERSION : SEED_VERSION}|${SEED_INSTITUTIONS}|${SEED_YEARS}|${Object.keys(migrations).join(',')}`).digest('hex');
  return h.slice(0, 12);
}

/** Schema, frameworks and the admin, as the server makes them. */
async function migrate(options: BenchDatabase['options']): Promise<void> {
  const app = await buildApp({ ...options, adminPassword: BENCH_ADMIN_PASSWORD, print: () => {}, rendererDir: '/nonexistent' });
  await app.close();
}

const COLUMNS = ['type', 'id', 'institution_id', 'inspection_id', 'data', 'field_revs', 'seq'] as const;

async function seedSqlite(file: string, print: (line: string) => void): Promise<void> {
  const db = new SQLite(file);
  try {
    const now = new Date().toISOString();
    let seq = Number((db.prepare('select value from sync_sequence where id = 1').get() as { value: number }).value);
    const inst = db.prepare('insert into institutions (id, data, rev, seq, updated_at) values (?, ?, 1, ?, ?)');
    const rec = db.prepare(`insert into records (${COLUMNS.join(', ')}, rev, deleted, leder_visible, updated_at) values (?, ?, ?, ?, ?, ?, ?, 1, 0, 1, ?)`);
    const revision = db.prepare(`insert into record_revisions (type, id, rev, data, client_id, user_id, mutation_id, created_at) values (?, ?, 1, ?, '${CLIENT}', 'server', null, ?)`);
    db.transaction(() => {
      for (let i = 0; i < SEED_INSTITUTIONS; i++) inst.run(institutionId(i), JSON.stringify(institutionData(i)), ++seq, now);
    })();
    for (let i = 0; i < SEED_INSTITUTIONS; i += 200) {
      db.transaction(() => {
        for (let j = i; j < Math.min(i + 200, SEED_INSTITUTIONS); j++) {
          const rows = institutionRecords(institutionId(j), seq + 1);
          seq += rows.length;
          for (const r of rows) {
            rec.run(r.type, r.id, r.institution_id, r.inspection_id, r.data, r.field_revs, r.seq, now);
            revision.run(r.type, r.id, r.data, now);
          }
        }
      })();
      if (i % 1000 === 0) print(`    seed: ${i} / ${SEED_INSTITUTIONS} institutioner`);
    }
    db.prepare('update sync_sequence set value = ? where id = 1').run(seq);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // No ANALYZE: as on a server (SQLITE_SEED_VERSION).
  } finally {
    db.close();
  }
}

async function seedPostgres(url: string, print: (line: string) => void): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const now = new Date().toISOString();
    let seq = Number((await c.query('select value from sync_sequence where id = 1')).rows[0].value);
    const ids = Array.from({ length: SEED_INSTITUTIONS }, (_, i) => institutionId(i));
    await c.query('begin');
    await c.query(`insert into institutions (id, data, rev, seq, updated_at) select id, data, 1, ($3::bigint + ord), $4 from unnest($1::text[], $2::text[]) with ordinality as t(id, data, ord)`, [
      ids,
      ids.map((_, i) => JSON.stringify(institutionData(i))),
      seq,
      now,
    ]);
    seq += SEED_INSTITUTIONS;
    for (let i = 0; i < SEED_INSTITUTIONS; i += 200) {
      const rows: Row[] = [];
      for (let j = i; j < Math.min(i + 200, SEED_INSTITUTIONS); j++) {
        const more = institutionRecords(institutionId(j), seq + 1);
        seq += more.length;
        rows.push(...more);
      }
      const cols = COLUMNS.map((k) => rows.map((r) => r[k]));
      await c.query(
        `insert into records (${COLUMNS.join(', ')}, rev, deleted, leder_visible, updated_at)
         select t.*, 1, 0, 1, $8 from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) as t`,
        [...cols, now],
      );
      await c.query(
        `insert into record_revisions (type, id, data, rev, client_id, user_id, mutation_id, created_at)
         select t.type, t.id, t.data, 1, '${CLIENT}', 'server', null, $4 from unnest($1::text[], $2::text[], $3::text[]) as t(type, id, data)`,
        [cols[0], cols[1], cols[4], now],
      );
      if (i % 1000 === 0) print(`    seed: ${i} / ${SEED_INSTITUTIONS} institutioner`);
    }
    await c.query('update sync_sequence set value = $1 where id = 1', [seq]);
    // Servers that number changes from a PostgreSQL sequence (migration 0500) continue after the seed.
    const hasSequence = (await c.query(`select 1 from pg_class where relname = 'sync_seq' and relkind = 'S'`)).rowCount;
    if (hasSequence) await c.query(`select setval('sync_seq', $1, true)`, [seq]);
    await c.query('commit');
    await c.query('analyze');
  } finally {
    await c.end();
  }
}

async function pgAdmin(url: string, q: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(q);
  } finally {
    await c.end();
  }
}

/**
 * Fills `target` (a fresh, empty database from serverProcess.ts) with the seeded 400,000 records:
 * from the cache when it has them, else seeded now and cached.
 */
export async function seededDatabase(target: BenchDatabase, print: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  if (target.options.dataDir) {
    const dir = path.join(tmpdir(), 'tilsyn-bench-cache');
    const cached = path.join(dir, `sync-${cacheKey('sqlite')}.sqlite`);
    if (!existsSync(cached)) {
      mkdirSync(dir, { recursive: true });
      const work = path.join(dir, `seeding-${process.pid}`);
      rmSync(work, { recursive: true, force: true });
      await migrate({ dataDir: work });
      await seedSqlite(path.join(work, 'tilsyn.sqlite'), print);
      renameSync(path.join(work, 'tilsyn.sqlite'), cached);
      rmSync(work, { recursive: true, force: true });
      print(`    seedet og gemt i ${cached} på ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    copyFileSync(cached, path.join(target.options.dataDir, 'tilsyn.sqlite'));
  } else {
    const url = target.options.databaseUrl!;
    const template = `tilsyn_benchcache_sync_${cacheKey('postgres')}`;
    const exists = (await pgAdmin(url, `select 1 from pg_database where datname = '${template}'`)).rowCount;
    if (!exists) {
      const work = `${template}_seeding`;
      await pgAdmin(url, `drop database if exists ${work} with (force)`);
      await pgAdmin(url, `create database ${work}`);
      const u = new URL(url);
      u.pathname = `/${work}`;
      await migrate({ databaseUrl: u.toString() });
      await seedPostgres(u.toString(), print);
      await pgAdmin(url, `alter database ${work} rename to ${template}`);
      print(`    seedet og gemt som skabelonen ${template} på ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const name = new URL(url).pathname.slice(1);
    await pgAdmin(process.env.TEST_DATABASE_URL!, `drop database if exists ${name} with (force)`);
    await pgAdmin(process.env.TEST_DATABASE_URL!, `create database ${name} template ${template}`);
  }
  print(`    database med ${SEED_INSTITUTIONS * SEED_YEARS * 10} poster klar på ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
