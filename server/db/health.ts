import { statfsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from './connect';
import { databaseFault, type DatabaseFault } from './faults';
import type { Database } from './schema';

/** Below this much free space in the SQLite folder the server calls itself not writable. */
const MIN_FREE_BYTES = 16 * 1024 * 1024;
/** A write that failed for lack of space or permission counts for this long. */
const FAULT_MEMORY_MS = 30_000;

export interface HealthReport {
  database: 'ok' | 'unavailable';
  writable: boolean;
  /** Why not, in Danish, when something is wrong. */
  reason?: string;
}

class ProbeRollback extends Error {}

/**
 * What /api/health reports about the database: does it answer, and can we write? "Writable" is
 * tested, not assumed: a write inside a transaction that is rolled back, the SQLite page limit and
 * the free space of its folder, and any write that failed with "full" or "read-only" lately.
 */
export class DatabaseHealth {
  private lastWriteFault: { at: number; fault: DatabaseFault } | null = null;

  constructor(private readonly handle: Pick<DatabaseHandle, 'db' | 'dialect' | 'dataDir'>) {}

  /** Called by the error handler for every database fault a request met. */
  noteFault(fault: DatabaseFault): void {
    if (fault.kind === 'full' || fault.kind === 'readonly') this.lastWriteFault = { at: Date.now(), fault };
  }

  async check(): Promise<HealthReport> {
    const db = this.handle.db;
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      return { database: 'unavailable', writable: false, reason: databaseFault(error)?.message ?? 'Databasen svarer ikke' };
    }
    const problem = (await this.probeWrite(db)) ?? this.sqliteSpace() ?? (await this.sqlitePages(db)) ?? this.recentFault();
    return problem ? { database: 'ok', writable: false, reason: problem } : { database: 'ok', writable: true };
  }

  private async probeWrite(db: Kysely<Database>): Promise<string | null> {
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('login_attempts').values({ key: `health:${process.pid}:${Date.now()}`, count: 0, window_start: 0, window_end: 0 }).execute();
        throw new ProbeRollback();
      });
    } catch (error) {
      if (error instanceof ProbeRollback) return null;
      return databaseFault(error)?.message ?? 'Databasen kan ikke skrive';
    }
    return null;
  }

  private sqliteSpace(): string | null {
    if (!this.handle.dataDir) return null;
    try {
      const s = statfsSync(this.handle.dataDir);
      if (s.bavail * s.bsize < MIN_FREE_BYTES) return 'Der er næsten ingen fri plads i serverens datamappe';
    } catch {
      return 'Serverens datamappe kan ikke læses';
    }
    return null;
  }

  /** SQLite's own ceiling (`max_page_count`): no free page and no room for one means full. */
  private async sqlitePages(db: Kysely<Database>): Promise<string | null> {
    if (this.handle.dialect !== 'sqlite') return null;
    const one = async (pragma: string) => Number(Object.values((await sql.raw(`pragma ${pragma}`).execute(db)).rows[0] as object)[0]);
    const [pages, max, free] = [await one('page_count'), await one('max_page_count'), await one('freelist_count')];
    return pages >= max && free === 0 ? 'Databasen har nået sin største tilladte størrelse (disken er fuld)' : null;
  }

  private recentFault(): string | null {
    const f = this.lastWriteFault;
    return f && Date.now() - f.at < FAULT_MEMORY_MS ? f.fault.message : null;
  }
}
