import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { getSession, logout, normaliseServerUrl, UnsentChangesError } from '../../../renderer/sync/session';
import { LoginError } from '../../../renderer/sync/session';
import { setPlatformForTests } from '../../../renderer/platform/bridge';
import { createBrowserPlatform } from '../../../renderer/platform/browser';

let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  // The browser bridge with an in-memory stand-in for the page (no DOM in Node).
  setPlatformForTests(
    createBrowserPlatform({
      print: () => undefined,
      storage: null,
      createObjectURL: () => '',
      revokeObjectURL: () => undefined,
      document: {} as Document,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      version: 'test',
    }),
  );
  db = new TilsynDatabase(`session-${++n}`);
  await loadDemoData(db);
  await db.meta.put({ key: 'session', value: { serverUrl: 'http://127.0.0.1:9', user: { id: 'u1', username: 'mette', displayName: 'Mette', role: 'konsulent', institutionIds: ['DI-01'] }, loggedInAt: '2026-11-23T08:00:00Z' } });
});
afterEach(async () => {
  await db.delete();
});

describe('logout', () => {
  it('is refused while changes are unsent, and says how many', async () => {
    const i = await startInspection(db, { institutionId: 'DI-01', date: '2026-11-23', visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette'], participants: [] }, '2026-11-23');
    await setThemeStep(db, i.id, 'leg', 3);
    const error = await logout(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsentChangesError);
    expect((error as UnsentChangesError).count).toBe(2);
    expect((error as Error).message).toMatch(/2 ændringer, der ikke er sendt/);
    expect(await getSession(db)).not.toBeNull();
  });

  it('forgets the session when everything is sent (even when the server cannot be reached)', async () => {
    await logout(db);
    expect(await getSession(db)).toBeNull();
  });
});

describe('server address', () => {
  it('normalises and refuses addresses that would send the password in clear text', () => {
    expect(normaliseServerUrl(' https://tilsyn.kommune.dk/ ')).toBe('https://tilsyn.kommune.dk');
    expect(normaliseServerUrl('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(() => normaliseServerUrl('http://tilsyn.kommune.dk')).toThrow(LoginError);
    expect(() => normaliseServerUrl('tilsyn')).toThrow(/Skriv serverens adresse/);
  });
});
