import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_KEYRING_REASON, createCredentialStore, isSecureStorage, type SafeStorageLike } from '../../../electron/credentials';
import { nodeFs, type FsLike } from '../../../electron/fsLike';
import { memoryLogger, tempDir } from './fakes';

/** A stand-in for safeStorage: "encrypts" by reversing and tagging, so plaintext never appears in the file. */
function fakeSafeStorage(opts: { available: boolean; backend?: string }): SafeStorageLike {
  return {
    isEncryptionAvailable: () => opts.available,
    ...(opts.backend ? { getSelectedStorageBackend: () => opts.backend! } : {}),
    encryptString: (s) => Buffer.from(`ENC:${[...s].reverse().join('')}`),
    decryptString: (b) => {
      const t = b.toString();
      if (!t.startsWith('ENC:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...t.slice(4)].reverse().join('');
    },
  };
}

async function setup(safe: SafeStorageLike, platform: NodeJS.Platform = 'linux', fs: FsLike = nodeFs) {
  const dir = await tempDir();
  const file = path.join(dir, 'credentials.bin');
  const log = memoryLogger();
  const make = () => createCredentialStore({ safeStorage: safe, platform, fs, file, log });
  return { dir, file, log, store: make(), make };
}

describe('isSecureStorage', () => {
  it.each([
    [{ available: true, backend: 'gnome_libsecret' }, 'linux', true],
    [{ available: true, backend: 'kwallet5' }, 'linux', true],
    [{ available: true, backend: 'basic_text' }, 'linux', false],
    [{ available: true, backend: 'unknown' }, 'linux', false],
    [{ available: true }, 'linux', false],
    [{ available: false, backend: 'gnome_libsecret' }, 'linux', false],
    [{ available: true }, 'darwin', true],
    [{ available: true }, 'win32', true],
    [{ available: false }, 'win32', false],
  ] as const)('%j on %s → %s', (opts, platform, secure) => {
    expect(isSecureStorage(fakeSafeStorage(opts), platform)).toBe(secure);
  });
});

describe('the sync token on Linux with the basic_text backend (no real keyring)', () => {
  it('is kept in memory only, and the reply says so in Danish', async () => {
    const { store, file, make } = await setup(fakeSafeStorage({ available: true, backend: 'basic_text' }));
    expect(await store.set('tok-123', true)).toEqual({ persisted: false, encrypted: false, reason: NO_KEYRING_REASON });
    expect(NO_KEYRING_REASON).toBe('Denne computer tilbyder ingen sikker nøglering; du skal logge ind igen næste gang appen startes.');
    expect(await nodeFs.exists(file)).toBe(false);
    expect(await store.get()).toEqual({ token: 'tok-123', persisted: false, encrypted: false, reason: NO_KEYRING_REASON });
    // "Next start": a new store has nothing.
    expect((await make().get()).token).toBeNull();
  });

  it('removes a token an earlier run left on disk, rather than keep it beside one it refuses to write', async () => {
    const { store, file } = await setup(fakeSafeStorage({ available: true, backend: 'basic_text' }));
    await writeFile(file, 'ENC:dlo');
    await store.set('new', true);
    expect(await nodeFs.exists(file)).toBe(false);
  });

  it('is the same where safeStorage is unavailable altogether', async () => {
    const { store, file } = await setup(fakeSafeStorage({ available: false }), 'win32');
    expect(await store.set('tok', true)).toMatchObject({ persisted: false, encrypted: false, reason: NO_KEYRING_REASON });
    expect(await nodeFs.exists(file)).toBe(false);
  });
});

describe('the sync token with a real keyring', () => {
  it('is written encrypted, never in plain text, and read back after a restart', async () => {
    const { store, file, make } = await setup(fakeSafeStorage({ available: true, backend: 'gnome_libsecret' }));
    expect(await store.set('hemmeligt-token', true)).toEqual({ persisted: true, encrypted: true });
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain('hemmeligt-token');
    expect(await make().get()).toEqual({ token: 'hemmeligt-token', persisted: true, encrypted: true });
  });

  it('with remember=false stays in memory and removes what was stored', async () => {
    const { store, file, make } = await setup(fakeSafeStorage({ available: true }), 'darwin');
    await store.set('first', true);
    expect(await store.set('second', false)).toEqual({ persisted: false, encrypted: true });
    expect(await nodeFs.exists(file)).toBe(false);
    expect((await store.get()).token).toBe('second');
    expect((await make().get()).token).toBeNull();
  });

  it('is forgotten on clear, in memory and on disk', async () => {
    const { store, file } = await setup(fakeSafeStorage({ available: true }), 'win32');
    await store.set('tok', true);
    await store.clear();
    expect(await nodeFs.exists(file)).toBe(false);
    expect(await store.get()).toEqual({ token: null, persisted: false, encrypted: true });
  });

  it('a file that cannot be decrypted (another keyring) is dropped, and the user logs in again', async () => {
    const { store, file, log } = await setup(fakeSafeStorage({ available: true }), 'darwin');
    await writeFile(file, 'garbage');
    expect(await store.get()).toEqual({ token: null, persisted: false, encrypted: true });
    expect(await nodeFs.exists(file)).toBe(false);
    expect(log.entries.map((e) => e.event)).toContain('credentials.decrypt-failed');
  });

  it('a failed write keeps the token in memory and says it will not survive a restart', async () => {
    const failing: FsLike = { ...nodeFs, writeFile: async () => Promise.reject(new Error('ENOSPC')) };
    const { store } = await setup(fakeSafeStorage({ available: true }), 'win32', failing);
    const r = await store.set('tok', true);
    expect(r).toMatchObject({ persisted: false, encrypted: true });
    expect(r.reason).toMatch(/logge ind igen/);
    expect((await store.get()).token).toBe('tok');
  });

  it('never logs the token', async () => {
    const { store, log } = await setup(fakeSafeStorage({ available: true, backend: 'basic_text' }));
    await store.set('SECRET-TOKEN-XYZ', true);
    await store.get();
    expect(log.text()).not.toContain('SECRET-TOKEN-XYZ');
  });
});
