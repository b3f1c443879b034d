import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TilsynApi } from '../../../shared/ipc';
import { getPlatform, setPlatformForTests } from '../../../renderer/platform/bridge';
import { TOKEN_KEY, createBrowserPlatform, type BrowserEnv } from '../../../renderer/platform/browser';
import { createDesktopPlatform, unwrapIpcError } from '../../../renderer/platform/desktop';

function fakeApi(): TilsynApi & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const rec =
    (name: string, reply: unknown) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return reply as never;
    };
  return {
    calls,
    appInfo: rec('appInfo', { version: '1.2.3', platform: 'linux', encryptionAvailable: false, syncUrl: null, isPackaged: true }),
    savePdf: rec('savePdf', { status: 'saved', path: '/r.pdf' }),
    saveFile: rec('saveFile', { status: 'canceled' }),
    openFile: rec('openFile', { status: 'canceled' }),
    getCredentials: rec('getCredentials', { token: null, persisted: false, encrypted: false, reason: 'x' }),
    setCredentials: rec('setCredentials', { persisted: false, encrypted: false, reason: 'x' }),
    clearCredentials: rec('clearCredentials', { cleared: true }),
    providerLogin: rec('providerLogin', { user: { id: 'u', username: 'k', displayName: 'K', role: 'konsulent', institutionIds: [] }, persisted: true, encrypted: true }),
    providerRenew: rec('providerRenew', { status: 'fresh' }),
    listBackups: rec('listBackups', { backups: [] }),
    restoreBackup: rec('restoreBackup', { status: 'relaunching' }),
    saveBackupSnapshot: rec('saveBackupSnapshot', { backup: { id: 'b', createdAt: '2025-03-01T12:00:00.000Z', fromVersion: '1.0.0', reason: 'daily', sizeBytes: 1 } }),
    takePendingSnapshot: rec('takePendingSnapshot', { snapshot: null }),
    onMenuAction: (listener) => {
      calls.push(['onMenuAction']);
      listener({ action: 'savePdf' });
      return () => undefined;
    },
  };
}

function fakeEnv(storage: Map<string, string> | null = new Map()) {
  const appended: Array<Record<string, unknown>> = [];
  const env: BrowserEnv & { printed: number; revoked: string[] } = {
    printed: 0,
    revoked: [],
    print() {
      env.printed++;
    },
    storage: storage && {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    },
    createObjectURL: () => 'blob:tilsyn/1',
    revokeObjectURL: (u) => void env.revoked.push(u),
    document: {
      body: { appendChild: (el: unknown) => appended.push(el as Record<string, unknown>) } as unknown as HTMLElement,
      createElement: ((tag: string) => {
        const el: Record<string, unknown> = { tag, style: {}, clicked: 0 };
        el.click = () => (el.clicked = (el.clicked as number) + 1);
        el.remove = () => undefined;
        el.addEventListener = () => undefined;
        return el;
      }) as unknown as Document['createElement'],
    },
    setTimeout: (fn) => fn(),
    version: 'web',
  };
  return { env, appended };
}

afterEach(() => {
  setPlatformForTests(null);
  vi.unstubAllGlobals();
});

describe('getPlatform', () => {
  it('is the desktop bridge when the preload put window.tilsyn there', async () => {
    vi.stubGlobal('window', { tilsyn: fakeApi() });
    const p = getPlatform();
    expect(p.kind).toBe('desktop');
    expect(p.capabilities).toEqual({ pdf: 'file', backups: true, menu: true });
    expect(getPlatform()).toBe(p);
  });

  it('is the browser bridge otherwise', () => {
    vi.stubGlobal('window', { localStorage: null, print: () => undefined });
    vi.stubGlobal('document', {});
    expect(getPlatform().kind).toBe('browser');
  });
});

describe('the desktop bridge', () => {
  it('calls the preload object with the contract requests', async () => {
    const api = fakeApi();
    const p = createDesktopPlatform(api);
    await p.setToken('tok');
    await p.setToken('tok2', { remember: false });
    await p.saveFile({ suggestedName: 'a.json', filters: [], data: 'x', mimeType: 'application/json' });
    await p.restoreBackup('2025-03-01T12-00-00-000Z-v1.0.0');
    expect(await p.listBackups()).toEqual([]);
    const actions: string[] = [];
    p.onMenuAction((a) => actions.push(a));
    expect(api.calls).toEqual([
      ['setCredentials', { token: 'tok', remember: true }],
      ['setCredentials', { token: 'tok2', remember: false }],
      ['saveFile', { suggestedName: 'a.json', filters: [], data: 'x' }],
      ['restoreBackup', { id: '2025-03-01T12-00-00-000Z-v1.0.0' }],
      ['listBackups'],
      ['onMenuAction'],
    ]);
    expect(actions).toEqual(['savePdf']);
  });

  it('turns Electron’s wrapped IPC errors back into the plain message', async () => {
    expect(unwrapIpcError(new Error("Error invoking remote method 'file:open': UserFacingError: Filen er for stor.")).message).toBe(
      'Filen er for stor.',
    );
    expect(unwrapIpcError(new Error("Error invoking remote method 'x': Error: Handlingen kunne ikke gennemføres (x)")).message).toBe(
      'Handlingen kunne ikke gennemføres (x)',
    );
    const api = { ...fakeApi(), openFile: async () => Promise.reject(new Error("Error invoking remote method 'file:open': UserFacingError: Nej.")) };
    await expect(createDesktopPlatform(api).openFile({ filters: [] })).rejects.toThrow(/^Nej\.$/);
  });
});

describe('the browser bridge', () => {
  it('prints for a PDF (the print stylesheet shapes the page)', async () => {
    const { env } = fakeEnv();
    const p = createBrowserPlatform(env);
    expect(await p.savePdf({ suggestedName: 'r' })).toEqual({ status: 'print-dialog' });
    expect(env.printed).toBe(1);
    expect(p.capabilities.pdf).toBe('print');
  });

  it('downloads an export through a Blob and an anchor, and frees the URL', async () => {
    const { env, appended } = fakeEnv();
    const p = createBrowserPlatform(env);
    const r = await p.saveFile({ suggestedName: 'eksport.json', filters: [{ name: 'JSON', extensions: ['json'] }], data: '{}' });
    expect(r).toEqual({ status: 'downloaded', name: 'eksport.json' });
    expect(appended[0]).toMatchObject({ tag: 'a', href: 'blob:tilsyn/1', download: 'eksport.json', clicked: 1 });
    expect(env.revoked).toEqual(['blob:tilsyn/1']);
  });

  it('keeps the token in memory only, unless the user chose "husk mig"', async () => {
    const storage = new Map<string, string>();
    const { env } = fakeEnv(storage);
    const p = createBrowserPlatform(env);
    expect(await p.setToken('mem')).toEqual({ persisted: false, encrypted: false });
    expect(storage.size).toBe(0);
    expect((await p.getToken()).token).toBe('mem');
    expect(await p.setToken('kept', { remember: true })).toEqual({ persisted: true, encrypted: false });
    expect(storage.get(TOKEN_KEY)).toBe('kept');
    // A new page load finds the remembered token.
    expect(await createBrowserPlatform(env).getToken()).toEqual({ token: 'kept', persisted: true, encrypted: false });
    // Choosing not to be remembered removes it again.
    await p.setToken('mem2', { remember: false });
    expect(storage.has(TOKEN_KEY)).toBe(false);
    await p.clearToken();
    expect((await p.getToken()).token).toBeNull();
  });

  it('has no backups, and a menu listener that never fires', async () => {
    const p = createBrowserPlatform(fakeEnv().env);
    expect(await p.listBackups()).toEqual([]);
    await expect(p.restoreBackup('x')).rejects.toThrow(/skrivebordsappen/);
    expect(typeof p.onMenuAction(() => undefined)).toBe('function');
  });
});
