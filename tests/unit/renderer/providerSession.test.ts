import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TilsynDatabase } from '../../../renderer/db/database';
import { setPlatformForTests, type PlatformBridge, type ProviderRenewReply } from '../../../renderer/platform/bridge';
import { createBrowserPlatform } from '../../../renderer/platform/browser';
import { ensureProviderProof, renewedAfterRefusal } from '../../../renderer/sync/providerSession';
import { getSession, saveSession, type Session } from '../../../renderer/sync/session';

/** A desktop-like bridge whose provider renewal answers what the test says, counting the calls. */
function bridgeRenewing(answers: ProviderRenewReply[]) {
  const base = createBrowserPlatform({
    print: () => undefined,
    storage: null,
    createObjectURL: () => '',
    revokeObjectURL: () => undefined,
    document: {} as Document,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    version: 'test',
  });
  const calls: boolean[] = [];
  const bridge: PlatformBridge = {
    ...base,
    kind: 'desktop',
    renewProviderProof: async (force) => {
      calls.push(force);
      return answers.shift() ?? { status: 'fresh' };
    },
  };
  setPlatformForTests(bridge);
  return calls;
}

let db: TilsynDatabase;
let n = 0;
const session = (over: Partial<Session> = {}): Session => ({
  serverUrl: 'http://127.0.0.1:9',
  user: { id: 'u1', username: 'mette', displayName: 'Mette', role: 'konsulent', institutionIds: [] },
  loggedInAt: '2026-11-23T08:00:00.000Z',
  provider: true,
  ...over,
});
beforeEach(async () => {
  db = new TilsynDatabase(`provider-session-${++n}`);
  await saveSession(db, session());
});
afterEach(async () => {
  setPlatformForTests(null);
  await db.delete();
});

describe('the renderer’s side of a provider login', () => {
  it('asks the main process for the daily proof before a sync; a refusal marks the session "Log ind igen", nothing else', async () => {
    const calls = bridgeRenewing([{ status: 'fresh' }, { status: 'login-required', message: 'Log ind igen for at synkronisere. Kommunens login har afvist at forny dit login.' }]);
    expect(await ensureProviderProof(db, false)).toBeNull();
    expect(await ensureProviderProof(db, false)).toBe('Log ind igen for at synkronisere. Kommunens login har afvist at forny dit login.');
    expect(calls).toEqual([false, false]);
    expect((await getSession(db))?.needsLogin).toMatch(/^Log ind igen/);
    // A password login is never sent to the provider.
    await saveSession(db, session({ provider: false }));
    expect(await ensureProviderProof(db, false)).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('after a 401: tries once more when a forced renewal worked, and when a new login replaced the refused session meanwhile (never marking the new one)', async () => {
    const calls = bridgeRenewing([{ status: 'renewed' }, { status: 'offline' }]);
    const refused = await getSession(db);
    expect(await renewedAfterRefusal(db, refused)).toBe(true);
    expect(calls).toEqual([true]);
    // The web page's redirect back: the new login is saved while the old token's sync fails.
    await saveSession(db, session({ loggedInAt: '2026-11-24T08:00:00.000Z' }));
    expect(await renewedAfterRefusal(db, refused)).toBe(true);
    expect(calls).toHaveLength(1);
    expect((await getSession(db))?.needsLogin).toBeUndefined();
    // No renewal possible (offline, or a browser): the current session needs a new login.
    expect(await renewedAfterRefusal(db, await getSession(db))).toBe(false);
    expect((await getSession(db))?.needsLogin).toBe('Log ind igen for at synkronisere.');
  });
});
