import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../../shared/ipc';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { setThemeNote, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { exportLocalSnapshot, importLocalSnapshot, takeDailySnapshotIfDue } from '../../../renderer/db/localSnapshot';
import type { PlatformBridge } from '../../../renderer/platform/bridge';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`snapshot-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

async function everything(d: TilsynDatabase) {
  const out: Record<string, unknown[]> = {};
  for (const t of d.tables) out[t.name] = await t.toArray();
  return out;
}

async function withUnsentWork() {
  const i = await startInspection(db, { institutionId: 'DI-03', date: '2026-11-20', visitType: 'uanmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, '2026-11-23');
  await setThemeStep(db, i.id, 'leg', 4);
  await setThemeNote(db, i.id, 'leg', 'Legen fylder hele formiddagen.');
  return i;
}

function fakePlatform(backups: BackupInfo[], kind: 'desktop' | 'browser' = 'desktop') {
  const saved: string[] = [];
  const platform = {
    kind,
    capabilities: { pdf: 'file', backups: kind === 'desktop', menu: kind === 'desktop' },
    listBackups: async () => backups,
    saveBackupSnapshot: async (text: string) => {
      saved.push(text);
      return { id: 'x', createdAt: new Date().toISOString(), fromVersion: '1', reason: 'daily', sizeBytes: text.length } satisfies BackupInfo;
    },
  } as unknown as PlatformBridge;
  return { platform, saved };
}

describe('the local database snapshot (the desktop’s daily backup while it runs)', () => {
  it('holds every table, the outbox of unsent changes included, and loads back exactly', async () => {
    const i = await withUnsentWork();
    const before = await everything(db);
    expect(before.outbox!.length).toBeGreaterThan(0);
    const text = await exportLocalSnapshot(db, new Date('2026-11-23T10:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ format: 'tilsyn-local-snapshot', version: 1, exportedAt: '2026-11-23T10:00:00.000Z', databaseVersion: db.verno });

    // The data is then damaged: the inspection gone, the outbox emptied.
    await db.inspections.delete(i.id);
    await db.outbox.clear();
    await db.institutions.put({ ...(await db.institutions.toArray())[0]!, name: 'Forkert navn' });
    const { rows } = await importLocalSnapshot(db, text);
    expect(rows).toBe(Object.values(before).reduce((sum, r) => sum + r.length, 0));
    expect(await everything(db)).toEqual(before);
  });

  it('refuses a broken, foreign or newer snapshot and changes nothing', async () => {
    await withUnsentWork();
    const before = await everything(db);
    const good = JSON.parse(await exportLocalSnapshot(db));
    const bad = [
      ['{ikke json', /ikke gyldig JSON/],
      [JSON.stringify({ ...good, format: 'noget-andet' }), /kan ikke læses/],
      [JSON.stringify({ ...good, databaseVersion: db.verno + 1 }), /nyere version af Tilsyn/],
      [JSON.stringify({ ...good, tables: { ...good.tables, fremmed: [] } }), /ikke kender: fremmed/],
      // A row the database cannot take (no key) fails the one transaction: nothing is half-loaded.
      [JSON.stringify({ ...good, tables: { ...good.tables, institutions: [{ name: 'uden id' }] } }), /./],
    ] as const;
    for (const [text, message] of bad) {
      await expect(importLocalSnapshot(db, text), text.slice(0, 40)).rejects.toThrow(message);
      expect(await everything(db)).toEqual(before);
    }
  });

  it('is taken once a day while there is local data, only on the desktop', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const recent: BackupInfo = { id: 'a', createdAt: '2026-11-23T08:00:00.000Z', fromVersion: '1', reason: 'daily', sizeBytes: 1 };
    const old: BackupInfo = { ...recent, createdAt: '2026-11-22T09:00:00.000Z' };
    const fresh = fakePlatform([recent]);
    expect(await takeDailySnapshotIfDue(db, fresh.platform, now)).toBe('not-due');
    const due = fakePlatform([old]);
    expect(await takeDailySnapshotIfDue(db, due.platform, now)).toBe('saved');
    expect(JSON.parse(due.saved[0]!).tables.institutions.length).toBeGreaterThan(0);
    expect(await takeDailySnapshotIfDue(db, fakePlatform([]).platform, now)).toBe('saved');
    expect(await takeDailySnapshotIfDue(db, fakePlatform([], 'browser').platform, now)).toBe('not-due');
    const empty = new TilsynDatabase(`snapshot-empty-${n}`);
    try {
      expect(await takeDailySnapshotIfDue(empty, fakePlatform([]).platform, now)).toBe('not-due');
    } finally {
      await empty.delete();
    }
  });
});
