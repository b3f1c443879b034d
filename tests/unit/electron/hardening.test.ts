import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { EXTERNAL_ORIGINS, isAllowedExternalUrl, openExternalIfAllowed } from '../../../electron/externalLinks';
import {
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  createWillAttachWebviewHandler,
  createWillNavigateHandler,
  createWindowOpenHandler,
  hardenSession,
  hardenWebContents,
} from '../../../electron/hardening';
import { createMainWindow } from '../../../electron/windowFactory';
import { memoryLogger, preventable } from './fakes';

const SYNC = 'https://sync.example.dk';
const allowed = [...EXTERNAL_ORIGINS, SYNC];

function deps() {
  const opened: string[] = [];
  const log = memoryLogger();
  return { opened, log, deps: { shell: { openExternal: async (u: string) => void opened.push(u) }, externalOrigins: allowed, log } };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('navigation', () => {
  it('stays within app://tilsyn', () => {
    const { deps: d } = deps();
    const e = preventable();
    createWillNavigateHandler(d)(e, 'app://tilsyn/index.html#/rapport');
    expect(e.defaultPrevented).toBe(false);
  });

  it.each(['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1:5173/', 'javascript:alert(1)', 'data:text/html,hi'])(
    'to %s is stopped and logged',
    async (url) => {
      const { deps: d, log, opened } = deps();
      const e = preventable();
      createWillNavigateHandler(d)(e, url);
      await settle();
      expect(e.defaultPrevented).toBe(true);
      expect(opened).toEqual([]);
      expect(log.entries.map((x) => x.event)).toContain('navigation.denied');
    },
  );

  it('to an allow-listed https page is stopped in the app and opened in the browser instead', async () => {
    const { deps: d, opened } = deps();
    const e = preventable();
    createWillNavigateHandler(d)(e, 'https://www.retsinformation.dk/eli/lta/2022/1443');
    await settle();
    expect(e.defaultPrevented).toBe(true);
    expect(opened).toEqual(['https://www.retsinformation.dk/eli/lta/2022/1443']);
  });
});

describe('new windows', () => {
  it('are always denied; an allow-listed link goes to the browser', async () => {
    const { deps: d, opened, log } = deps();
    const handler = createWindowOpenHandler(d);
    expect(handler({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://tilsyn/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://www.emu.dk/paedagogisk-laereplan' })).toEqual({ action: 'deny' });
    await settle();
    expect(opened).toEqual(['https://www.emu.dk/paedagogisk-laereplan']);
    expect(log.entries.filter((x) => x.event === 'window-open.denied')).toHaveLength(3);
    expect(log.entries.filter((x) => x.event === 'openExternal.refused')).toHaveLength(2);
  });
});

describe('<webview> and permissions', () => {
  it('every webview attach is prevented', () => {
    const log = memoryLogger();
    const e = preventable();
    createWillAttachWebviewHandler(log)(e, {}, { src: 'https://evil.example/' });
    expect(e.defaultPrevented).toBe(true);
    expect(log.entries).toContainEqual(expect.objectContaining({ event: 'webview.denied', details: { origin: 'https://evil.example' } }));
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'unknown'])(
    'a %s permission request is denied and logged',
    (permission) => {
      const log = memoryLogger();
      const callback = vi.fn();
      createPermissionRequestHandler(log)({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(log.entries).toContainEqual(expect.objectContaining({ event: 'permission.denied', details: { permission } }));
    },
  );

  it('every permission check answers no', () => {
    expect(createPermissionCheckHandler()()).toBe(false);
  });
});

describe('wiring onto Electron objects', () => {
  it('hardenWebContents installs will-navigate, the window-open handler and will-attach-webview', () => {
    const { deps: d } = deps();
    const on = vi.fn();
    const setWindowOpenHandler = vi.fn();
    hardenWebContents({ on, setWindowOpenHandler }, d);
    expect(on.mock.calls.map((c) => c[0]).sort()).toEqual(['will-attach-webview', 'will-navigate']);
    expect(setWindowOpenHandler).toHaveBeenCalledOnce();
    const e = preventable();
    on.mock.calls.find((c) => c[0] === 'will-navigate')![1](e, 'https://evil.example/');
    expect(e.defaultPrevented).toBe(true);
    expect(setWindowOpenHandler.mock.calls[0]![0]({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
  });

  it('hardenSession installs a request handler that denies and a check handler that denies', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    hardenSession(session, memoryLogger());
    const cb = vi.fn();
    session.setPermissionRequestHandler.mock.calls[0]![0]({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(session.setPermissionCheckHandler.mock.calls[0]![0]()).toBe(false);
  });

  it('the main window is created with every security preference set', () => {
    let options: BrowserWindowConstructorOptions | undefined;
    class FakeWindow {
      constructor(o: BrowserWindowConstructorOptions) {
        options = o;
      }
    }
    createMainWindow(FakeWindow, {
      state: { x: 10, y: 20, width: 1200, height: 800, isMaximized: false, isFullScreen: false },
      preloadPath: '/app/dist/electron/preload.cjs',
      devTools: false,
    });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false, title: 'Tilsyn' });
    expect(options!.webPreferences).toEqual(
      expect.objectContaining({
        preload: '/app/dist/electron/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        devTools: false,
      }),
    );
  });
});

describe('shell.openExternal allow-list', () => {
  it.each([
    ['https://www.retsinformation.dk/eli/lta/2022/1443', true],
    ['https://www.emu.dk/', true],
    [`${SYNC}/nulstil-adgangskode`, true],
    ['http://www.retsinformation.dk/', false],
    ['https://www.retsinformation.dk.evil.example/', false],
    ['https://evil.example/?u=https://www.emu.dk', false],
    ['https://user:pw@www.emu.dk/', false],
    ['https://www.emu.dk:8443/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['smb://server/share', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['javascript:alert(1)', false],
    ['app://tilsyn/index.html', false],
    ['not a url', false],
  ])('%s → %s', async (url, ok) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(ok);
    const log = memoryLogger();
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(await openExternalIfAllowed(shell, url, allowed, log)).toBe(ok);
    expect(shell.openExternal).toHaveBeenCalledTimes(ok ? 1 : 0);
    if (!ok) expect(log.entries[0]?.event).toBe('openExternal.refused');
  });
});
