import { statfsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from './connect';
import { databaseFault } from './faults';
import type { Database } from './schema';

/** Below this much free space in the SQLite folder the server calls itself not writable. */
const MIN_FREE_BYTES = 16 * 1024 * 1024;

export interface HealthReport {
  database: 'ok' | 'unavailable';
  writable: boolean;
  /** Why not, in Danish, when something is wrong. */
  reason?: string;
}

/**
 * What /api/health reports about the database: does it answer, and can we write? "Writable" is
 * tested, not assumed: a one-row write (an upsert of `health:probe`), the SQLite page limit and
 * the free space of its folder.
 */
export class DatabaseHealth {
  constructor(private readonly handle: Pick<DatabaseHandle, 'healthDb' | 'dialect' | 'dataDir'>) {}

  async check(): Promise<HealthReport> {
    const db = this.handle.healthDb;
    // One small write in one round trip: it proves both that the database answers and that it
    // takes writes (a read-only or full database refuses it).
    try {
      const now = Date.now();
      await db
        .insertInto('login_attempts')
        .values({ key: 'health:probe', count: 0, window_start: now, window_end: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: now, window_end: now }))
        .execute();
    } catch (error) {
      const fault = databaseFault(error);
      if (!fault || fault.kind === 'unavailable') return { database: 'unavailable', writable: false, reason: fault?.message ?? 'Databasen svarer ikke' };
      return { database: 'ok', writable: false, reason: fault.message };
    }
    const problem = this.sqliteSpace() ?? (await this.sqlitePages(db));
    return problem ? { database: 'ok', writable: false, reason: problem } : { database: 'ok', writable: true };
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
}
