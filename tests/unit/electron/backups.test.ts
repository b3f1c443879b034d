import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackupService, describeBackup, timestampForId } from '../../../electron/backups';
import { nodeFs, type FsLike } from '../../../electron/fsLike';
import { memoryLogger, tempDir } from './fakes';

/** A clock that moves a minute per call. */
function clock(start = Date.parse('2025-03-01T12:00:00Z')) {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

async function setup(fs: FsLike = nodeFs) {
  const userData = await tempDir();
  const log = memoryLogger();
  const service = createBackupService({ fs, userDataDir: userData, log, now: clock() });
  const db = path.join(userData, 'IndexedDB');
  const writeDb = async (content: string) => {
    await mkdir(path.join(db, 'app_tilsyn_0.indexeddb.leveldb'), { recursive: true });
    await writeFile(path.join(db, 'app_tilsyn_0.indexeddb.leveldb', '000003.log'), content);
  };
  const readDb = () => readFile(path.join(db, 'app_tilsyn_0.indexeddb.leveldb', '000003.log'), 'utf8');
  const lastRun = async () => JSON.parse(await readFile(path.join(userData, 'last-run-version.json'), 'utf8')).version;
  return { userData, log, service, db, writeDb, readDb, lastRun };
}

describe('the backup before a new version opens the database', () => {
  it('is not taken on a first start with no data, which records the version', async () => {
    const s = await setup();
    expect(await s.service.backupBeforeUpgrade('1.0.0')).toEqual({ status: 'first-run' });
    expect(await s.lastRun()).toBe('1.0.0');
    expect(await s.service.list()).toEqual([]);
  });

  it('is not taken when the version has not changed', async () => {
    const s = await setup();
    await s.writeDb('v1 data');
    await s.service.backupBeforeUpgrade('1.0.0');
    const before = await s.service.list();
    expect(await s.service.backupBeforeUpgrade('1.0.0')).toEqual({ status: 'same-version' });
    expect(await s.service.list()).toEqual(before);
  });

  it('copies IndexedDB to backups/<timestamp>-v<old version>/ when the version changes', async () => {
    const s = await setup();
    await s.service.backupBeforeUpgrade('1.0.0');
    await s.writeDb('records and the outbox of unsent changes');
    const r = await s.service.backupBeforeUpgrade('1.1.0');
    expect(r.status).toBe('backed-up');
    if (r.status !== 'backed-up') return;
    expect(r.backup.id).toMatch(/^2025-03-01T12-0\d-00-000Z-v1\.0\.0$/);
    expect(r.backup).toMatchObject({ fromVersion: '1.0.0', reason: 'version-change' });
    expect(r.backup.sizeBytes).toBe('records and the outbox of unsent changes'.length);
    const copied = await readFile(
      path.join(s.userData, 'backups', r.backup.id, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb', '000003.log'),
      'utf8',
    );
    expect(copied).toBe('records and the outbox of unsent changes');
    expect(await s.lastRun()).toBe('1.1.0');
    expect(await s.readDb()).toBe('records and the outbox of unsent changes'); // the live data is untouched
  });

  it('treats data from before the version was recorded as from an unknown version', async () => {
    const s = await setup();
    await s.writeDb('old');
    const r = await s.service.backupBeforeUpgrade('2.0.0');
    expect(r).toMatchObject({ status: 'backed-up', backup: { fromVersion: 'ukendt' } });
  });

  it('on failure records nothing, so the next start tries again', async () => {
    const failing: FsLike = { ...nodeFs, copyDir: async () => Promise.reject(new Error('ENOSPC: no space left')) };
    const s = await setup(failing);
    await s.writeDb('x');
    await writeFile(path.join(s.userData, 'last-run-version.json'), JSON.stringify({ version: '1.0.0' }));
    const r = await s.service.backupBeforeUpgrade('1.1.0');
    expect(r).toEqual({ status: 'failed', error: 'ENOSPC: no space left' });
    expect(await s.lastRun()).toBe('1.0.0');
    expect(await s.service.list()).toEqual([]);
    expect(s.log.entries.map((e) => e.event)).toContain('backup.failed');
  });
});

describe('the daily backup', () => {
  /** A clock the test moves by hand. */
  function manual(start = Date.parse('2025-03-01T08:00:00Z')) {
    let t = start;
    return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
  }
  const HOUR = 60 * 60 * 1000;

  it('is taken at the first start of a day with local data (records and the outbox), before any window', async () => {
    const userData = await tempDir();
    const c = manual();
    const service = createBackupService({ fs: nodeFs, userDataDir: userData, log: memoryLogger(), now: c.now });
    expect(await service.dailyBackup('1.0.0')).toEqual({ status: 'no-database' });
    await mkdir(path.join(userData, 'IndexedDB', 'x.leveldb'), { recursive: true });
    await writeFile(path.join(userData, 'IndexedDB', 'x.leveldb', '000003.log'), 'records + outbox');
    const first = await service.dailyBackup('1.0.0');
    expect(first.status).toBe('backed-up');
    if (first.status !== 'backed-up') return;
    expect(first.backup).toMatchObject({ reason: 'daily', fromVersion: '1.0.0', sizeBytes: 'records + outbox'.length });
    c.advance(23 * HOUR);
    expect(await service.dailyBackup('1.0.0')).toEqual({ status: 'not-due', newest: first.backup.id });
    c.advance(2 * HOUR);
    const next = await service.dailyBackup('1.0.0');
    expect(next.status).toBe('backed-up');
    expect((await service.list()).map((b) => b.reason)).toEqual(['daily', 'daily']);
  });

  it('counts a version-change backup as the day’s backup', async () => {
    const s = await setup();
    await s.service.backupBeforeUpgrade('1.0.0');
    await s.writeDb('data');
    await s.service.backupBeforeUpgrade('1.1.0');
    expect((await s.service.dailyBackup('1.1.0')).status).toBe('not-due');
  });

  it('keeps the newest 5 daily backups without pushing out the backup taken before an upgrade', async () => {
    const userData = await tempDir();
    const c = manual();
    const service = createBackupService({ fs: nodeFs, userDataDir: userData, log: memoryLogger(), now: c.now });
    await service.backupBeforeUpgrade('1.0.0');
    await mkdir(path.join(userData, 'IndexedDB'), { recursive: true });
    await writeFile(path.join(userData, 'IndexedDB', 'data'), 'x');
    const upgrade = await service.backupBeforeUpgrade('1.1.0');
    const dailies: string[] = [];
    for (let day = 0; day < 8; day++) {
      c.advance(25 * HOUR);
      const r = await service.dailyBackup('1.1.0');
      if (r.status === 'backed-up') dailies.push(r.backup.id);
    }
    expect(dailies).toHaveLength(8);
    const kept = await service.list();
    expect(kept.filter((b) => b.reason === 'daily').map((b) => b.id)).toEqual(dailies.slice(-5).reverse());
    expect(kept.filter((b) => b.reason === 'version-change').map((b) => b.id)).toEqual([upgrade.status === 'backed-up' ? upgrade.backup.id : '?']);
  });

  it('on failure says why and changes nothing', async () => {
    const s = await setup({ ...nodeFs, copyDir: async () => Promise.reject(new Error('disken er fuld')) });
    await s.writeDb('data');
    expect(await s.service.dailyBackup('1.0.0')).toEqual({ status: 'failed', error: 'disken er fuld' });
    expect(await s.service.list()).toEqual([]);
  });
});

describe('the snapshot the renderer exports while the app runs', () => {
  const snapshot = (note: string) =>
    JSON.stringify({ format: 'tilsyn-local-snapshot', version: 1, exportedAt: '2025-03-01T12:00:00.000Z', databaseVersion: 6, tables: { outbox: [{ seq: 1, note }] } });

  it('is kept as the day’s backup, checked first, and never copies the open database', async () => {
    const copies: string[] = [];
    const s = await setup({ ...nodeFs, copyDir: async (from, to) => (copies.push(from), nodeFs.copyDir(from, to)) });
    await s.writeDb('open in Chromium');
    const backup = await s.service.saveSnapshot(snapshot('ikke sendt'), '1.2.0');
    expect(backup).toMatchObject({ reason: 'daily', fromVersion: '1.2.0', sizeBytes: snapshot('ikke sendt').length });
    expect(await readFile(path.join(s.userData, 'backups', backup.id, 'snapshot.json'), 'utf8')).toBe(snapshot('ikke sendt'));
    expect(copies).toEqual([]);
    expect((await s.service.list()).map((b) => b.id)).toEqual([backup.id]);
    await expect(s.service.saveSnapshot('{"format":"noget-andet"}', '1.2.0')).rejects.toThrow(/kan ikke læses/);
    await expect(s.service.saveSnapshot('ikke json', '1.2.0')).rejects.toThrow(/ikke gyldig JSON/);
    expect((await s.service.list()).map((b) => b.id)).toEqual([backup.id]);
  });

  it('is restored by the renderer after a restart: the current data is saved first, the snapshot handed over once', async () => {
    const s = await setup();
    await s.writeDb('data before');
    const backup = await s.service.saveSnapshot(snapshot('fra backuppen'), '1.2.0');
    await s.writeDb('damaged data');
    await s.service.requestRestore(backup.id);
    const r = await s.service.applyPendingRestore('1.2.0');
    expect(r).toMatchObject({ status: 'restored', id: backup.id, safetyBackup: { reason: 'before-restore' } });
    // The folder is not touched here; the renderer replaces the data in one transaction.
    expect(await s.readDb()).toBe('damaged data');
    expect(await s.service.takePendingSnapshot()).toBe(snapshot('fra backuppen'));
    expect(await s.service.takePendingSnapshot()).toBeNull();
    const safety = r.status === 'restored' ? r.safetyBackup! : null;
    const saved = await readFile(path.join(s.userData, 'backups', safety!.id, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb', '000003.log'), 'utf8');
    expect(saved).toBe('damaged data');
  });
});

describe('rotation', () => {
  it('keeps the newest 5 backups', async () => {
    const s = await setup();
    await s.service.backupBeforeUpgrade('1.0.0');
    await s.writeDb('data');
    const versions = ['1.1.0', '1.2.0', '1.3.0', '1.4.0', '1.5.0', '1.6.0', '1.7.0'];
    const ids: string[] = [];
    for (const v of versions) {
      const r = await s.service.backupBeforeUpgrade(v);
      if (r.status === 'backed-up') ids.push(r.backup.id);
    }
    expect(ids).toHaveLength(7);
    const kept = await s.service.list();
    expect(kept.map((b) => b.id)).toEqual(ids.slice(-5).reverse()); // newest first
    expect(kept.map((b) => b.fromVersion)).toEqual(['1.6.0', '1.5.0', '1.4.0', '1.3.0', '1.2.0']);
    const folders = (await readdir(path.join(s.userData, 'backups'))).sort();
    expect(folders).toEqual([...ids.slice(-5)].sort());
  });

  it('removes half-written backups a crash left, and never lists them', async () => {
    const s = await setup();
    await mkdir(path.join(s.userData, 'backups', '2025-01-01T00-00-00-000Z-v0.9.0.partial', 'IndexedDB'), { recursive: true });
    await mkdir(path.join(s.userData, 'backups', 'junk-without-meta', 'IndexedDB'), { recursive: true });
    expect(await s.service.list()).toEqual([]);
    expect(await s.service.rotate()).toContain('2025-01-01T00-00-00-000Z-v0.9.0.partial');
  });
});

describe('restore', () => {
  async function withTwoBackups() {
    const s = await setup();
    await s.service.backupBeforeUpgrade('1.0.0');
    await s.writeDb('data of 1.0.0');
    await s.service.backupBeforeUpgrade('1.1.0');
    await s.writeDb('data of 1.1.0');
    await s.service.backupBeforeUpgrade('1.2.0');
    await s.writeDb('data of 1.2.0, damaged');
    return s;
  }

  it('is requested by a marker, done at the next start, and first saves the current data', async () => {
    const s = await withTwoBackups();
    const [newest, oldest] = await s.service.list();
    expect(newest!.fromVersion).toBe('1.1.0');
    await s.service.requestRestore(oldest!.id);
    expect(await s.readDb()).toBe('data of 1.2.0, damaged'); // nothing copied while the app runs

    const r = await s.service.applyPendingRestore('1.2.0');
    expect(r).toMatchObject({ status: 'restored', id: oldest!.id });
    expect(await s.readDb()).toBe('data of 1.0.0');
    if (r.status !== 'restored') return;
    expect(r.safetyBackup).toMatchObject({ reason: 'before-restore', fromVersion: '1.2.0' });
    const safety = await readFile(
      path.join(s.userData, 'backups', r.safetyBackup!.id, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb', '000003.log'),
      'utf8',
    );
    expect(safety).toBe('data of 1.2.0, damaged');
    expect((await s.service.list())[0]!.id).toBe(r.safetyBackup!.id);

    // The marker is gone: the next start restores nothing.
    expect(await s.service.applyPendingRestore('1.2.0')).toEqual({ status: 'none' });
    expect(await nodeFs.exists(`${s.db}.restoring`)).toBe(false);
    expect(await nodeFs.exists(`${s.db}.old`)).toBe(false);
  });

  it('refuses an unknown or malformed backup id', async () => {
    const s = await withTwoBackups();
    await expect(s.service.requestRestore('2020-01-01T00-00-00-000Z-v9.9.9')).rejects.toThrow(/Ukendt backup/);
    await expect(s.service.requestRestore('../../etc')).rejects.toThrow();
    expect(await s.service.applyPendingRestore('1.2.0')).toEqual({ status: 'none' });
  });

  it('leaves the live data as it was when the copy fails', async () => {
    const s = await withTwoBackups();
    const [, oldest] = await s.service.list();
    await s.service.requestRestore(oldest!.id);
    const failing = createBackupService({
      fs: { ...nodeFs, copyDir: async () => Promise.reject(new Error('EIO')) },
      userDataDir: s.userData,
      log: s.log,
    });
    expect(await failing.applyPendingRestore('1.2.0')).toMatchObject({ status: 'failed', id: oldest!.id, error: 'EIO' });
    expect(await s.readDb()).toBe('data of 1.2.0, damaged');
  });

  it('recovers the data a crash left between the two renames', async () => {
    const s = await setup();
    await s.writeDb('precious');
    await nodeFs.rename(s.db, `${s.db}.old`);
    expect(await s.service.applyPendingRestore('1.0.0')).toEqual({ status: 'none' });
    expect(await s.readDb()).toBe('precious');
  });
});

describe('naming', () => {
  it('ids sort by time and are valid folder names everywhere', () => {
    expect(timestampForId(new Date('2025-03-01T12:30:05.123Z'))).toBe('2025-03-01T12-30-05-123Z');
  });

  it('describes a backup in Danish for the restore dialog', () => {
    const b = { id: 'x', createdAt: '2025-03-01T12:30:00.000Z', fromVersion: '1.0.0', reason: 'version-change' as const, sizeBytes: 1 };
    expect(describeBackup(b, 'UTC')).toBe('1. marts 2025 kl. 12.30 · data fra version 1.0.0');
    expect(describeBackup({ ...b, reason: 'before-restore' }, 'UTC')).toBe('1. marts 2025 kl. 12.30 · data før en gendannelse');
    expect(describeBackup({ ...b, reason: 'daily' }, 'UTC')).toBe('1. marts 2025 kl. 12.30 · daglig backup, version 1.0.0');
  });
});
