import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect';
import type { Database } from './schema';

/** Any constant shared by every Tilsyn process on one database ("tilsyn startup" in ASCII). */
const STARTUP_LOCK_KEY = 0x74696c73_7374;
const POLL_MS = 200;
const MAX_WAIT_MS = 15 * 60 * 1000;

/**
 * Several server processes started at once on one PostgreSQL database (behind a load balancer)
 * must not migrate, seed the built-in frameworks, make the first admin or load the demo data side
 * by side: each step checks and then writes. The whole startup holds a session advisory lock, so
 * the processes take turns and the later ones find the work done. The lock is polled with
 * pg_try_advisory_lock rather than awaited, so a long migration in another process never runs
 * into this connection's statement timeout. SQLite serialises its own migrations
 * (migrations.ts, BEGIN IMMEDIATE); a lock dies with its session if a process crashes.
 */
export async function withStartupLock<T>(db: Kysely<Database>, dialect: DialectName, fn: () => Promise<T>): Promise<T> {
  if (dialect !== 'postgres') return fn();
  return db.connection().execute(async (conn) => {
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${sql.lit(STARTUP_LOCK_KEY)}) as locked`.execute(conn);
      if (rows[0]?.locked) break;
      if (Date.now() > deadline) throw new Error(`Databasemigrering venter stadig på en anden serverproces efter ${MAX_WAIT_MS / 60_000} minutter; se efter en proces, der hænger`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(STARTUP_LOCK_KEY)})`.execute(conn);
    }
  });
}
