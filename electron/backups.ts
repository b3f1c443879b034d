import path from 'node:path';
import { z } from 'zod';
import { BackupIdSchema, BackupInfoSchema, type BackupInfo } from '../shared/ipc';
import { parseLocalSnapshot } from '../shared/localSnapshot';
import { treeSize, writeFileAtomic, type FsLike } from './fsLike';
import type { Logger } from './log';

/**
 * Backups of the local database (IndexedDB, which holds the records and the outbox of unsent changes).
 *
 * - Before a new app version opens the database for the first time, the main process (before it
 *   creates a window) copies userData/IndexedDB to userData/backups/<timestamp>-v<old version>/.
 * - At a start on a day with no backup yet (none in the last 24 hours) and local data, the same copy
 *   is taken as a daily backup, also before any window exists.
 * - While the app runs, the renderer exports the whole database once a day (shared/localSnapshot.ts)
 *   and the main process keeps it as `backups/<id>/snapshot.json`: the files Chromium holds open are
 *   never copied. Restoring such a backup: the next start saves the current data (a folder copy,
 *   before any window), and the renderer loads the snapshot before the app starts.
 * - Of each kind (version change, daily, before a restore) the newest `keep` are kept (5 by
 *   default), so daily backups never push out the one taken before an upgrade.
 * - A restore is done in two steps so the database is never copied while it is open: the request
 *   writes a marker and the app relaunches; the next start copies the backup back before any window
 *   exists (and first takes a backup of the current data, so a restore can itself be undone).
 *
 * Every file operation goes through the injected `FsLike`.
 */

export const DEFAULT_KEEP = 5;
export const DAILY_MS = 24 * 60 * 60 * 1000;
const PARTIAL = '.partial';

const LastRunSchema = z.object({ version: z.string().min(1) });
const PendingRestoreSchema = z.object({ id: BackupIdSchema, requestedAt: z.string() });
const MetaSchema = BackupInfoSchema.omit({ id: true, sizeBytes: true });

export interface BackupDeps {
  fs: FsLike;
  userDataDir: string;
  log: Logger;
  now?: () => Date;
  keep?: number;
}

export type UpgradeBackupResult =
  | { status: 'same-version' }
  | { status: 'first-run' }
  | { status: 'no-database'; fromVersion: string }
  | { status: 'backed-up'; backup: BackupInfo }
  | { status: 'failed'; error: string };

export type DailyBackupResult =
  | { status: 'not-due'; newest: string }
  | { status: 'no-database' }
  | { status: 'backed-up'; backup: BackupInfo }
  | { status: 'failed'; error: string };

export type RestoreResult =
  | { status: 'none' }
  | { status: 'restored'; id: string; safetyBackup: BackupInfo | null }
  | { status: 'failed'; id: string | null; error: string };

export interface BackupService {
  readonly paths: { database: string; backups: string; lastRun: string; pendingRestore: string; pendingSnapshot: string };
  backupBeforeUpgrade(currentVersion: string): Promise<UpgradeBackupResult>;
  /** The daily backup, if the newest backup is older than a day; only before a window opens the database. */
  dailyBackup(currentVersion: string): Promise<DailyBackupResult>;
  createBackup(fromVersion: string, reason: BackupInfo['reason']): Promise<BackupInfo>;
  list(): Promise<BackupInfo[]>;
  rotate(): Promise<string[]>;
  /** Keep a snapshot the renderer exported as the day's backup (checked before it is written). */
  saveSnapshot(text: string, version: string): Promise<BackupInfo>;
  /** The snapshot a restart is to load, once (the marker is removed), or null. */
  takePendingSnapshot(): Promise<string | null>;
  requestRestore(id: string): Promise<void>;
  applyPendingRestore(currentVersion: string): Promise<RestoreResult>;
}

/** `2025-03-01T12-30-00-000Z`: sortable, and valid in a folder name on every OS. */
export function timestampForId(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function safeVersion(version: string): string {
  const cleaned = version.replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.{2,}/g, '.');
  return cleaned.slice(0, 40) || 'ukendt';
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createBackupService(deps: BackupDeps): BackupService {
  const { fs, log } = deps;
  const now = deps.now ?? (() => new Date());
  const keep = Math.max(1, deps.keep ?? DEFAULT_KEEP);
  const paths = {
    database: path.join(deps.userDataDir, 'IndexedDB'),
    backups: path.join(deps.userDataDir, 'backups'),
    lastRun: path.join(deps.userDataDir, 'last-run-version.json'),
    pendingRestore: path.join(deps.userDataDir, 'backups', 'restore-pending.json'),
    pendingSnapshot: path.join(deps.userDataDir, 'backups', 'snapshot-pending.json'),
  };
  const SNAPSHOT = 'snapshot.json';

  const readJson = async <T>(file: string, schema: z.ZodType<T>): Promise<T | null> => {
    try {
      if (!(await fs.exists(file))) return null;
      const parsed = schema.safeParse(JSON.parse(await fs.readText(file)));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };

  const writeLastRun = async (version: string) => {
    await fs.mkdir(deps.userDataDir);
    await writeFileAtomic(fs, paths.lastRun, JSON.stringify({ version }));
  };

  const list = async (): Promise<BackupInfo[]> => {
    if (!(await fs.exists(paths.backups))) return [];
    const found: BackupInfo[] = [];
    for (const name of await fs.readdir(paths.backups)) {
      if (name.endsWith(PARTIAL) || !BackupIdSchema.safeParse(name).success) continue;
      const dir = path.join(paths.backups, name);
      const meta = await readJson(path.join(dir, 'meta.json'), MetaSchema);
      if (!meta) continue;
      let sizeBytes = 0;
      try {
        // A copy of the data folder, or a snapshot the renderer exported.
        sizeBytes = (await fs.exists(path.join(dir, 'IndexedDB')))
          ? await treeSize(fs, path.join(dir, 'IndexedDB'))
          : (await fs.stat(path.join(dir, SNAPSHOT))).size;
      } catch {
        continue; // neither: not a usable backup
      }
      found.push({ id: name, ...meta, sizeBytes });
    }
    // Newest first: by creation time, then by id (ids start with the same timestamp).
    return found.sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
  };

  /** Write a backup into a `.partial` folder and rename it when complete, so a crash never leaves a half backup in the list. */
  const writeBackup = async (fromVersion: string, reason: BackupInfo['reason'], fill: (dir: string) => Promise<void>): Promise<BackupInfo> => {
    const createdAt = now();
    const base = `${timestampForId(createdAt)}-v${safeVersion(fromVersion)}${reason === 'before-restore' ? '-foer-gendannelse' : ''}`;
    await fs.mkdir(paths.backups);
    let id = base;
    for (let n = 2; await fs.exists(path.join(paths.backups, id)); n++) id = `${base}-${n}`;
    const partial = path.join(paths.backups, id + PARTIAL);
    await fs.rm(partial);
    await fs.mkdir(partial);
    await fill(partial);
    const meta = { createdAt: createdAt.toISOString(), fromVersion, reason };
    await fs.writeFile(path.join(partial, 'meta.json'), JSON.stringify(meta, null, 2));
    await fs.rename(partial, path.join(paths.backups, id));
    const info = (await list()).find((b) => b.id === id);
    if (!info) throw new Error(`Backuppen ${id} kunne ikke læses efter den blev skrevet`);
    log.info('backup.created', { id, reason, fromVersion, sizeBytes: info.sizeBytes });
    return info;
  };

  /** A copy of the data folder: only while no window has the database open. */
  const createBackup = (fromVersion: string, reason: BackupInfo['reason']) =>
    writeBackup(fromVersion, reason, (dir) => fs.copyDir(paths.database, path.join(dir, 'IndexedDB')));

  const rotate = async (): Promise<string[]> => {
    const removed: string[] = [];
    if (!(await fs.exists(paths.backups))) return removed;
    for (const name of await fs.readdir(paths.backups)) {
      if (name.endsWith(PARTIAL)) {
        await fs.rm(path.join(paths.backups, name)); // left by a crash
        removed.push(name);
      }
    }
    const all = await list();
    const surplus = (['version-change', 'daily', 'before-restore'] as const).flatMap((reason) => all.filter((b) => b.reason === reason).slice(keep));
    for (const old of surplus) {
      await fs.rm(path.join(paths.backups, old.id));
      removed.push(old.id);
      log.info('backup.rotated', { id: old.id });
    }
    return removed;
  };

  return {
    paths,
    list,
    createBackup,
    rotate,

    async backupBeforeUpgrade(currentVersion) {
      try {
        const lastRun = await readJson(paths.lastRun, LastRunSchema);
        if (lastRun?.version === currentVersion) return { status: 'same-version' };
        const hasDatabase = await fs.exists(paths.database);
        if (!lastRun && !hasDatabase) {
          await writeLastRun(currentVersion);
          return { status: 'first-run' };
        }
        // No record of the last version but a database: it was made by a version before this record existed.
        const fromVersion = lastRun?.version ?? 'ukendt';
        if (!hasDatabase) {
          await writeLastRun(currentVersion);
          return { status: 'no-database', fromVersion };
        }
        const backup = await createBackup(fromVersion, 'version-change');
        await rotate();
        await writeLastRun(currentVersion);
        return { status: 'backed-up', backup };
      } catch (err) {
        // The version is not recorded, so the next start tries again.
        log.error('backup.failed', { message: message(err) });
        return { status: 'failed', error: message(err) };
      }
    },

    async dailyBackup(currentVersion) {
      try {
        if (!(await fs.exists(paths.database))) return { status: 'no-database' };
        const newest = (await list())[0];
        if (newest && now().getTime() - Date.parse(newest.createdAt) < DAILY_MS) return { status: 'not-due', newest: newest.id };
        const backup = await createBackup(currentVersion, 'daily');
        await rotate();
        return { status: 'backed-up', backup };
      } catch (err) {
        log.error('backup.daily-failed', { message: message(err) });
        return { status: 'failed', error: message(err) };
      }
    },

    async saveSnapshot(text, version) {
      parseLocalSnapshot(text); // a broken export must not take a backup's place in the rotation
      const backup = await writeBackup(version, 'daily', (dir) => fs.writeFile(path.join(dir, SNAPSHOT), text));
      await rotate();
      return backup;
    },

    async takePendingSnapshot() {
      const pending = await readJson(paths.pendingSnapshot, PendingRestoreSchema);
      if (!(await fs.exists(paths.pendingSnapshot))) return null;
      await fs.rm(paths.pendingSnapshot);
      if (!pending) return null;
      try {
        return await fs.readText(path.join(paths.backups, pending.id, SNAPSHOT));
      } catch (err) {
        log.error('backup.snapshot-missing', { id: pending.id, message: message(err) });
        return null;
      }
    },

    async requestRestore(id) {
      const parsed = BackupIdSchema.parse(id);
      const known = await list();
      if (!known.some((b) => b.id === parsed)) throw new Error(`Ukendt backup: ${parsed}`);
      await fs.mkdir(paths.backups);
      await writeFileAtomic(fs, paths.pendingRestore, JSON.stringify({ id: parsed, requestedAt: now().toISOString() }));
      log.info('backup.restore-requested', { id: parsed });
    },

    async applyPendingRestore(currentVersion) {
      const restoring = `${paths.database}.restoring`;
      const previous = `${paths.database}.old`;
      // A crash between the two renames below leaves the data in `.old`: put it back first.
      if (!(await fs.exists(paths.database)) && (await fs.exists(previous))) await fs.rename(previous, paths.database);

      if (!(await fs.exists(paths.pendingRestore))) return { status: 'none' };
      const pending = await readJson(paths.pendingRestore, PendingRestoreSchema);
      await fs.rm(paths.pendingRestore);
      if (!pending) return { status: 'failed', id: null, error: 'Ugyldig gendannelsesanmodning' };
      const id = pending.id;
      if (await fs.exists(path.join(paths.backups, id, SNAPSHOT))) {
        // A snapshot is loaded by the renderer; here only the current data is saved first.
        try {
          const safetyBackup = (await fs.exists(paths.database)) ? await createBackup(currentVersion, 'before-restore') : null;
          await writeFileAtomic(fs, paths.pendingSnapshot, JSON.stringify({ id, requestedAt: pending.requestedAt }));
          await rotate();
          log.info('backup.snapshot-restore-pending', { id, safetyBackup: safetyBackup?.id ?? null });
          return { status: 'restored', id, safetyBackup };
        } catch (err) {
          log.error('backup.restore-failed', { id, message: message(err) });
          return { status: 'failed', id, error: message(err) };
        }
      }
      try {
        const source = path.join(paths.backups, id, 'IndexedDB');
        if (!(await fs.exists(source))) throw new Error(`Backuppen ${id} findes ikke`);
        // 1. Copy the backup beside the live data (the slow part; the live data is untouched).
        await fs.rm(restoring);
        await fs.copyDir(source, restoring);
        // 2. Keep what is there now, so the restore can be undone.
        const safetyBackup = (await fs.exists(paths.database)) ? await createBackup(currentVersion, 'before-restore') : null;
        // 3. Swap with two renames.
        await fs.rm(previous);
        if (await fs.exists(paths.database)) await fs.rename(paths.database, previous);
        await fs.rename(restoring, paths.database);
        await fs.rm(previous);
        await rotate();
        log.info('backup.restored', { id, safetyBackup: safetyBackup?.id ?? null });
        return { status: 'restored', id, safetyBackup };
      } catch (err) {
        await fs.rm(restoring).catch(() => undefined);
        if (!(await fs.exists(paths.database)) && (await fs.exists(previous))) {
          await fs.rename(previous, paths.database).catch(() => undefined);
        }
        log.error('backup.restore-failed', { id, message: message(err) });
        return { status: 'failed', id, error: message(err) };
      }
    },
  };
}

/** How a backup is named in the restore dialog, e.g. "1. marts 2025 kl. 12.30 · data fra version 0.1.0". */
export function describeBackup(backup: BackupInfo, timeZone?: string): string {
  const when = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
    new Date(backup.createdAt),
  );
  const what =
    backup.reason === 'before-restore'
      ? 'data før en gendannelse'
      : backup.reason === 'daily'
        ? `daglig backup, version ${backup.fromVersion}`
        : `data fra version ${backup.fromVersion}`;
  return `${when} · ${what}`;
}
