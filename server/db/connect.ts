import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for the startup message (never contains a password). */
  location: string;
}

export interface DatabaseConfig {
  /** `postgres://…` switches to PostgreSQL. */
  databaseUrl?: string;
  /** Folder for the embedded SQLite database (`tilsyn.sqlite`). */
  dataDir?: string;
}

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//i.test(url)) return openPostgres(url);
  if (url) throw new Error(`DATABASE_URL skal begynde med postgres:// (fik "${url.split(':')[0]}:")`);
  return openSqlite(config.dataDir ?? path.resolve('data'));
}

function openSqlite(dataDir: string): DatabaseHandle {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tilsyn.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged push survives a power cut; the client deletes its outbox row on our word.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: file };
}

const INT8_OID = 20;

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint columns (seq) come back as numbers; sequence numbers stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return { db, dialect: 'postgres', location: `postgres://${u.host}${u.pathname}` };
}
