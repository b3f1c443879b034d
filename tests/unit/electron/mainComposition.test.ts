import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL_NAMES } from '../../../shared/ipc';
import { tempDir } from './fakes';

/**
 * electron/main.ts itself, run in Node against a fake `electron` module: the Electron binary cannot run
 * here, so this is how the composition (what happens before `ready`, the order at `ready`, what is
 * registered) is tested. The bundle is the same esbuild build as dist/electron/main.cjs.
 */

const root = path.resolve(__dirname, '../../..');
let bundle = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(root, 'electron', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
    define: { __TILSYN_SYNC_URL__: JSON.stringify('https://sync.example.dk') },
  });
  bundle = result.outputFiles[0]!.text;
});

type Listener = (...args: unknown[]) => unknown;

function fakeElectron(dirs: { appData: string; documents: string }) {
  const calls: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  const paths = new Map<string, string>([
    ['appData', dirs.appData],
    ['documents', dirs.documents],
  ]);
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const windows: FakeWindow[] = [];
  const handlers = new Map<string, Listener>();
  const state = {
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (r: Request) => Promise<Response>>(),
    menu: null as unknown,
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    errorBoxes: [] as string[],
    loaded: [] as string[],
    quit: 0,
    relaunch: 0,
    /** The backup folders that existed when the window was created. */
    backupsAtWindow: null as string[] | null,
  };

  class FakeWebContents {
    listeners = new Map<string, Listener[]>();
    sent: unknown[][] = [];
    on(e: string, l: Listener) {
      this.listeners.set(e, [...(this.listeners.get(e) ?? []), l]);
      return this;
    }
    setWindowOpenHandler(h: Listener) {
      this.listeners.set('window-open-handler', [h]);
    }
    isDestroyed() {
      return false;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    printToPDF = async () => Buffer.from('%PDF');
  }

  class FakeWindow {
    webContents = new FakeWebContents();
    listeners = new Map<string, Listener[]>();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      calls.push('new BrowserWindow');
      const backups = path.join(paths.get('userData')!, 'backups');
      state.backupsAtWindow = existsSync(backups) ? readdirSync(backups) : [];
      windows.push(this);
      for (const l of appListeners.get('web-contents-created') ?? []) l({}, this.webContents);
    }
    static fromWebContents() {
      return windows[0] ?? null;
    }
    static getAllWindows() {
      return windows;
    }
    on(e: string, l: Listener) {
      this.listeners.set(e, [...(this.listeners.get(e) ?? []), l]);
      return this;
    }
    once(e: string, l: Listener) {
      return this.on(e, l);
    }
    emit(e: string, ...args: unknown[]) {
      for (const l of this.listeners.get(e) ?? []) l(...args);
    }
    async loadURL(url: string) {
      calls.push(`loadURL ${url}`);
      state.loaded.push(url);
    }
    show() {}
    maximize() {}
    setFullScreen() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isFullScreen() {
      return false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1111, height: 777 };
    }
    close() {
      calls.push('window.close');
      this.destroyed = true;
    }
  }

  const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  const electron = {
    app: {
      setName: (n: string) => calls.push(`setName ${n}`),
      setPath: (k: string, v: string) => paths.set(k, v),
      getPath: (k: string) => {
        const p = paths.get(k);
        if (!p) throw new Error(`no path ${k}`);
        return p;
      },
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
      on: (e: string, l: Listener) => appListeners.set(e, [...(appListeners.get(e) ?? []), l]),
      whenReady: () => ready,
      getVersion: () => '1.2.0',
      isPackaged: false,
      setAboutPanelOptions: () => undefined,
      relaunch: () => state.relaunch++,
      quit: () => state.quit++,
      exit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => {
        calls.push('registerSchemesAsPrivileged');
        state.privileged.push(...s);
      },
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => {
        calls.push(`protocol.handle ${scheme}`);
        state.protocolHandlers.set(scheme, h);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => (state.permissionCheck = h),
        setSpellCheckerLanguages: () => undefined,
      },
    },
    ipcMain: { handle: (c: string, h: Listener) => handlers.set(c, h) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    dialog: {
      showErrorBox: (title: string) => state.errorBoxes.push(title),
      showMessageBox: async () => ({ response: 0 }),
      showSaveDialog: async () => ({ canceled: true }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.from(''),
      decryptString: () => '',
    },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
    shell: { openExternal: async () => undefined },
    BrowserWindow: FakeWindow,
  };
  return { electron, calls, appListeners, windows, handlers, state, resolveReady };
}

async function waitFor(check: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const savedEnv = { ...process.env };
beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined); // the unpackaged main logs to the console too
});
afterEach(() => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
});

async function startMain(setup?: (userData: string) => Promise<void>) {
  const base = await tempDir();
  const appData = path.join(base, 'appData');
  const distElectron = path.join(base, 'dist', 'electron');
  const renderer = path.join(base, 'dist', 'renderer');
  await mkdir(distElectron, { recursive: true });
  await mkdir(renderer, { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Tilsyn</title>');
  const userData = path.join(appData, 'Tilsyn');
  await mkdir(userData, { recursive: true });
  await setup?.(userData);
  delete process.env.TILSYN_USER_DATA_DIR;
  delete process.env.TILSYN_SYNC_URL;

  const fake = fakeElectron({ appData, documents: path.join(base, 'Dokumenter') });
  const realRequire = createRequire(path.join(root, 'package.json'));
  const requireFn = (id: string) => (id === 'electron' ? fake.electron : realRequire(id));
  const module = { exports: {} };
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${bundle}\n})`);
  wrapper(module.exports, requireFn, module, path.join(distElectron, 'main.cjs'), distElectron);
  const beforeReady = [...fake.calls];
  fake.resolveReady();
  await waitFor(() => fake.state.loaded.length > 0, 'the window to load');
  return { ...fake, beforeReady, userData };
}

const trusted = { sender: {}, senderFrame: { url: 'app://tilsyn/index.html', parent: null } };

describe('electron/main.ts, composed', () => {
  it('before ready: one data folder, sandbox for all, the privileged app scheme, the single-instance lock', async () => {
    const m = await startMain();
    expect(m.beforeReady).toEqual(['setName Tilsyn', 'enableSandbox', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock']);
    expect(m.state.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(m.electron.app.getPath('userData')).toBe(m.userData);
  });

  it('at ready: protocol, IPC for every channel, menu, permissions, then the window on app://tilsyn', async () => {
    const m = await startMain();
    expect([...m.handlers.keys()].sort()).toEqual([...INVOKE_CHANNEL_NAMES].sort());
    expect(m.calls.indexOf('protocol.handle app')).toBeLessThan(m.calls.indexOf('new BrowserWindow'));
    expect(m.state.loaded).toEqual(['app://tilsyn/index.html']);
    expect(m.windows).toHaveLength(1);
    expect(m.windows[0]!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: expect.stringMatching(/dist[/\\]electron[/\\]preload\.cjs$/),
    });
    expect((m.state.menu as { label: string }[]).map((x) => x.label)).toEqual(['Filer', 'Rediger', 'Vis', 'Hjælp']);
    const granted: boolean[] = [];
    m.state.permissionRequest!({}, 'media', (g: boolean) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(m.state.permissionCheck!()).toBe(false);
    // The window's webContents got the navigation rules through web-contents-created.
    expect([...m.windows[0]!.webContents.listeners.keys()].sort()).toEqual(
      expect.arrayContaining(['will-attach-webview', 'will-navigate', 'window-open-handler']),
    );
  });

  it('serves the renderer with the CSP naming the built-in sync server', async () => {
    const m = await startMain();
    const res = await m.state.protocolHandlers.get('app')!(new Request('app://tilsyn/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' https://sync.example.dk");
  });

  it('answers IPC through the checks: app info, and the basic_text token fallback', async () => {
    const m = await startMain();
    await expect(m.handlers.get('app:info')!(trusted)).resolves.toEqual({
      version: '1.2.0',
      platform: process.platform,
      encryptionAvailable: false,
      syncUrl: 'https://sync.example.dk/',
      isPackaged: false,
    });
    await expect(m.handlers.get('credentials:set')!(trusted, { token: 't' })).resolves.toMatchObject({ persisted: false, encrypted: false });
    await expect(m.handlers.get('app:info')!({ sender: {}, senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toThrow();
  });

  it('backs up the database of the previous version before the window exists', async () => {
    const m = await startMain(async (userData) => {
      await writeFile(path.join(userData, 'last-run-version.json'), JSON.stringify({ version: '1.1.0' }));
      await mkdir(path.join(userData, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb'), { recursive: true });
      await writeFile(path.join(userData, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb', 'CURRENT'), 'MANIFEST-000001');
    });
    expect(m.state.backupsAtWindow).toHaveLength(1);
    expect(m.state.backupsAtWindow![0]).toMatch(/-v1\.1\.0$/);
    expect(JSON.parse(readFileSync(path.join(m.userData, 'last-run-version.json'), 'utf8'))).toEqual({ version: '1.2.0' });
    expect(m.state.errorBoxes).toEqual([]);
  });

  it('takes the daily backup before the window exists when the same version has had none for a day', async () => {
    const m = await startMain(async (userData) => {
      await writeFile(path.join(userData, 'last-run-version.json'), JSON.stringify({ version: '1.2.0' }));
      await mkdir(path.join(userData, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb'), { recursive: true });
      await writeFile(path.join(userData, 'IndexedDB', 'app_tilsyn_0.indexeddb.leveldb', 'CURRENT'), 'MANIFEST-000001');
    });
    expect(m.state.backupsAtWindow).toHaveLength(1);
    const meta = JSON.parse(readFileSync(path.join(m.userData, 'backups', m.state.backupsAtWindow![0]!, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ reason: 'daily', fromVersion: '1.2.0' });
    expect(m.state.errorBoxes).toEqual([]);
  });

  it('saves the window state when the window closes, and sends menu actions to it', async () => {
    const m = await startMain();
    const win = m.windows[0]!;
    let prevented = false;
    win.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await waitFor(() => m.calls.includes('window.close'), 'the window to close');
    expect(JSON.parse(readFileSync(path.join(m.userData, 'window-state.json'), 'utf8'))).toMatchObject({ x: 40, y: 30, width: 1111, height: 777 });
  });

  it('sends a menu click to the renderer as a menu:action event', async () => {
    const m = await startMain();
    const file = (m.state.menu as { label: string; submenu: { label?: string; click?: () => void }[] }[]).find((x) => x.label === 'Filer')!;
    file.submenu.find((i) => i.label === 'Eksporter ikke-sendte ændringer…')!.click!();
    expect(m.windows[0]!.webContents.sent).toEqual([['menu:action', { action: 'exportUnsent' }]]);
  });
});
