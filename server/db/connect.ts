import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Driver } from 'kysely';
import { resetHeld, wrapClientQueries } from './pipeline';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  /** Writes and reads that must see them within a transaction. */
  db: Kysely<Database>;
  /**
   * Reads that stand alone (pull, token checks, statistics, exports). On SQLite a read-only
   * connection of its own: in WAL mode it reads the last committed state and never waits for the
   * writer's connection (whose transaction may be under way). On PostgreSQL the same pool as `db`.
   */
  readDb: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for the startup message (never contains a password). */
  location: string;
  /** The SQLite data folder (for the free-space check of /api/health); null on PostgreSQL. */
  dataDir: string | null;
  /**
   * For /api/health: on PostgreSQL a one-connection pool of its own, so a flood that fills the main
   * pool's queue does not make the health check wait behind it; on SQLite the same `db`.
   */
  healthDb: Kysely<Database>;
}

export interface DatabaseConfig {
  /** `postgres://…` switches to PostgreSQL. */
  databaseUrl?: string;
  /** Folder for the embedded SQLite database (`tilsyn.sqlite`). */
  dataDir?: string;
  /**
   * Errors that belong to no request (a pooled PostgreSQL connection dropped while idle, e.g. by a
   * restart or pg_terminate_backend). Without a listener pg's pool would end the process.
   */
  onBackgroundError?: (error: Error) => void;
}

/** Thrown when the database cannot be opened at all; the message is meant for the operator. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, config.onBackgroundError ?? (() => {}));
  if (url) throw new DatabaseOpenError(`DATABASE_URL skal begynde med postgres:// (fik "${url.split(':')[0]}:")`);
  return openSqlite(config.dataDir ?? path.resolve('data'));
}

function openSqlite(dataDir: string): DatabaseHandle {
  const file = path.join(dataDir, 'tilsyn.sqlite');
  let sqlite: SQLite.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    sqlite = new SQLite(file);
    // Another process holding the write lock (starting at the same moment): wait up to 5 s, then
    // SQLITE_BUSY → 503 with Retry-After. Set first: switching to WAL needs the lock too.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const why = /EACCES|EROFS|EPERM|READONLY|CANTOPEN/.test(code) ? 'mappen er skrivebeskyttet, eller serveren må ikke skrive i den' : (error as Error).message;
    throw new DatabaseOpenError(`Kan ikke åbne databasen ${file}: ${why} (${code || 'ukendt fejl'}). Sæt TILSYN_DATA_DIR til en mappe, som serveren må skrive i.`);
  }
  // FULL: an acknowledged push survives a power cut; the client deletes its outbox row on our word.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialectKeepingErrors(sqlite) });
  const reader = new SQLite(file, { readonly: true });
  // A reader waits only while a checkpoint resets the WAL (rare, short).
  reader.pragma('busy_timeout = 5000');
  const readDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(reader) }) });
  return { db, readDb, dialect: 'sqlite', location: file, dataDir, healthDb: db };
}

/**
 * SQLite rolls a transaction back by itself on SQLITE_FULL, SQLITE_IOERR and the like; Kysely's
 * ROLLBACK then fails with "no transaction is active" and hides the real error (a 500 instead of
 * "disk full"). Roll back only when a transaction is still open.
 */
class SqliteDialectKeepingErrors extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: withStatementCache(sqlite) });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

/** Prepared statements kept per connection; Kysely sends the same few hundred SQL texts over and over. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew (`db.prepare(sql)`), which was ~8 % of the server's CPU in a
 * sync under load. Here the statement of a SQL text is prepared once and reused (least recently used
 * out first). A statement still being iterated (a streamed query) is busy: then a fresh one is used.
 */
function withStatementCache(sqlite: SQLite.Database): Pick<SQLite.Database, 'prepare' | 'close'> {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: ((text: string) => {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (!cached) {
        cache.set(text, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    }) as SQLite.Database['prepare'],
  } as Pick<SQLite.Database, 'prepare' | 'close'>;
}

const INT8_OID = 20;
const envMs = (name: string, fallback: number) => Number(process.env[name]) || fallback;

/**
 * Connections per server process (TILSYN_DB_POOL_SIZE). The default, 4 per CPU core (at least 8,
 * at most 32), keeps the cores busy while requests wait on the network and on the disk; with several
 * server processes on one PostgreSQL, their pools together must stay below its max_connections
 * (docs/server.md).
 */
export function postgresPoolSize(env: string | undefined = process.env.TILSYN_DB_POOL_SIZE, cores = availableParallelism()): number {
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new DatabaseOpenError(`TILSYN_DB_POOL_SIZE skal være et helt tal mellem 1 og 1000 (fik "${env}")`);
    return n;
  }
  return Math.min(32, Math.max(8, 4 * cores));
}

function openPostgres(url: string, onBackgroundError: (error: Error) => void): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(url, postgresPoolSize(), onBackgroundError) }) });
  const healthDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(url, 1, onBackgroundError) }) });
  const u = new URL(url);
  return { db, readDb: db, dialect: 'postgres', location: `postgres://${u.host}${u.pathname}`, dataDir: null, healthDb };
}

function postgresPool(url: string, max: number, onBackgroundError: (error: Error) => void): pg.Pool {
  const statementTimeout = envMs('TILSYN_DB_STATEMENT_TIMEOUT_MS', 30_000);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // The test of a dropped connection finds ours by this name; operators see it in pg_stat_activity.
    application_name: 'tilsyn',
    // A database that does not answer must not hold requests forever: fail fast, answer 503.
    connectionTimeoutMillis: envMs('TILSYN_DB_CONNECT_TIMEOUT_MS', 5_000),
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + 5_000,
    idle_in_transaction_session_timeout: 60_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // bigint columns (seq) come back as numbers; sequence numbers stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client whose backend went away: pg removes it from the pool and makes a new one on the
  // next request (that is the reconnect); we only have to keep the process alive and say so.
  pool.on('error', onBackgroundError);
  // A client checked out by a request has no pool listener; if its backend dies between two queries
  // pg emits 'error' on the client itself. The query fails (→ 503) and pg drops the client on release.
  pool.on('connect', (client) => {
    client.on('error', onBackgroundError);
    // BEGIN with the first query, deferred writes with the COMMIT (db/pipeline.ts), unless
    // TILSYN_DB_PIPELINE=0; the hot path's texts as named prepared statements, unless
    // TILSYN_DB_PREPARED=0 (a pooler in transaction mode in front that cannot keep them).
    wrapClientQueries(client, process.env.TILSYN_DB_PREPARED !== '0', process.env.TILSYN_DB_PIPELINE !== '0');
  });
  pool.on('release', (_error, client) => resetHeld(client));
  return pool;
}
