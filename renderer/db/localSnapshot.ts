import { translate } from '../../shared/i18n/i18n';
import { LOCAL_SNAPSHOT_FORMAT, parseLocalSnapshot, type LocalSnapshot } from '../../shared/localSnapshot';
import type { PlatformBridge } from '../platform/bridge';
import type { TilsynDatabase } from './database';

/**
 * The desktop app's daily backup while it runs: the renderer, which has the database open, reads
 * every table in one transaction and hands the text to the main process (electron/backups.ts keeps
 * it). Restoring one loads it back in one transaction, before the app starts. Re-sent outbox rows are
 * harmless: the server answers a mutation it already has once (idempotent by mutationId).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export async function exportLocalSnapshot(db: TilsynDatabase, now: Date = new Date()): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  await db.transaction('r', db.tables, async () => {
    for (const table of db.tables) tables[table.name] = await table.toArray();
  });
  const snapshot: LocalSnapshot = { format: LOCAL_SNAPSHOT_FORMAT, version: 1, exportedAt: now.toISOString(), databaseVersion: db.verno, tables };
  return JSON.stringify(snapshot);
}

/** Replace the whole local database with a snapshot, or change nothing (one transaction). Throws a Danish message. */
export async function importLocalSnapshot(db: TilsynDatabase, text: string): Promise<{ rows: number }> {
  const snapshot = parseLocalSnapshot(text);
  if (snapshot.databaseVersion > db.verno) throw new Error(translate('common:backup.newerVersion'));
  const known = new Set(db.tables.map((t) => t.name));
  const unknown = Object.keys(snapshot.tables).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(translate('common:backup.unknownTables', { tables: unknown.join(', ') }));
  let rows = 0;
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      await table.clear();
      const content = snapshot.tables[table.name] ?? [];
      // Rows keep their own keys (inbound keys; the outbox's auto-increment ids included).
      await table.bulkPut(content as never[]);
      rows += content.length;
    }
  });
  return { rows };
}

/** Is a day's backup due: the newest backup (of any kind) is a day old or there is none, and there is local data. */
async function dailyDue(db: TilsynDatabase, platform: PlatformBridge, now: Date): Promise<boolean> {
  const newest = (await platform.listBackups())[0];
  if (newest && now.getTime() - Date.parse(newest.createdAt) < DAY_MS) return false;
  for (const table of db.tables) if ((await table.count()) > 0) return true;
  return false;
}

/** Take the day's backup if it is due; returns what happened (for the log and the tests). */
export async function takeDailySnapshotIfDue(db: TilsynDatabase, platform: PlatformBridge, now: Date = new Date()): Promise<'not-due' | 'saved'> {
  if (!platform.capabilities.backups || !(await dailyDue(db, platform, now))) return 'not-due';
  await platform.saveBackupSnapshot(await exportLocalSnapshot(db, now));
  return 'saved';
}

/** Checks once an hour while the desktop app runs; returns a stop function. */
export function startDailySnapshots(db: TilsynDatabase, platform: PlatformBridge, onError: (error: unknown) => void): () => void {
  if (!platform.capabilities.backups) return () => undefined;
  const tick = () => void takeDailySnapshotIfDue(db, platform).catch(onError);
  const timer = setInterval(tick, 60 * 60 * 1000);
  return () => clearInterval(timer);
}
