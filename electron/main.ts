/**
 * The Electron main process: a thin composition of the modules beside it, which hold the logic and
 * are unit-tested with Electron's APIs injected. Read top to bottom: what happens before `ready`,
 * then at `ready` (restore, backup, security, protocol, IPC, menu, window).
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './appUrl';
import { createBackupService, describeBackup } from './backups';
import { loadShellConfig } from './config';
import { createCredentialStore } from './credentials';
import { createProviderLogin } from './providerLogin';
import { buildCsp } from './csp';
import { EXTERNAL_ORIGINS } from './externalLinks';
import { openFile, saveFile, savePdf, type DialogLike } from './fileServices';
import { nodeFs } from './fsLike';
import { hardenSession, hardenWebContents } from './hardening';
import { registerIpcHandlers, sendEvent, type IpcHandlerMap } from './ipcHandlers';
import { createLogger } from './log';
import { buildMenuTemplate } from './menu';
import { createAppProtocolHandler } from './protocol';
import { createMainWindow } from './windowFactory';
import { captureWindowState, clampWindowState, loadWindowState, saveWindowState } from './windowState';

/** Set by electron/build.mjs from TILSYN_SYNC_URL at build time ('' when none). */
declare const __TILSYN_SYNC_URL__: string;

// ---- Before `ready` ---------------------------------------------------------------------------

// One data folder, whether started by `npm start` (package.json name "tilsyn") or installed (dist/package.json,
// productName "Tilsyn"): <appData>/Tilsyn. TILSYN_USER_DATA_DIR gives tests an isolated one.
app.setName('Tilsyn');
app.setPath(
  'userData',
  process.env.TILSYN_USER_DATA_DIR ? path.resolve(process.env.TILSYN_USER_DATA_DIR) : path.join(app.getPath('appData'), 'Tilsyn'),
);

// Every renderer sandboxed, whatever a window asks for.
app.enableSandbox();

// app://tilsyn is a standard, secure origin (so 'self', fetch, IndexedDB and the CSP work as on https).
// Not corsEnabled (that would let other origins read app:// responses) and not bypassCSP.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const userData = app.getPath('userData');
const logStream = (() => {
  try {
    // Synchronous on purpose: the log must exist before anything can go wrong.
    mkdirSync(path.join(userData, 'logs'), { recursive: true });
    const file = path.join(userData, 'logs', 'main.log');
    // Keep the log small: past 5 MB it becomes main.old.log (replacing the one before).
    if (existsSync(file) && statSync(file).size > 5 * 1024 * 1024) renameSync(file, path.join(userData, 'logs', 'main.old.log'));
    return createWriteStream(file, { flags: 'a' });
  } catch {
    return null;
  }
})();
const log = createLogger((line) => {
  if (!app.isPackaged) console.log(line);
  logStream?.write(`${line}\n`);
});

// One instance: a second start focuses the window of the first and exits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((err: unknown) => {
    log.error('app.start-failed', { message: err instanceof Error ? err.message : String(err) });
    dialog.showErrorBox('Tilsyn kunne ikke starte', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

// ---- At `ready` -------------------------------------------------------------------------------

async function start(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  await app.whenReady();
  const version = app.getVersion();
  log.info('app.start', { version, platform: process.platform, packaged: app.isPackaged });

  const config = await loadShellConfig({
    fs: nodeFs,
    userDataDir: userData,
    env: process.env,
    builtIn: __TILSYN_SYNC_URL__ || null,
    isPackaged: app.isPackaged,
    log,
  });
  const externalOrigins = config.syncOrigin ? [...EXTERNAL_ORIGINS, config.syncOrigin] : EXTERNAL_ORIGINS;
  const hardeningDeps = { shell, externalOrigins, log };

  // Every webContents, now and later, gets the navigation / window / webview rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, hardeningDeps));
  hardenSession(session.defaultSession, log);

  // Data safety first, before any window can open the database: a pending restore, then the
  // backup a new version takes before it first opens the data.
  const backups = createBackupService({ fs: nodeFs, userDataDir: userData, log });
  const restored = await backups.applyPendingRestore(version);
  if (restored.status === 'failed') {
    dialog.showErrorBox('Gendannelsen mislykkedes', `Backuppen kunne ikke lægges tilbage. Dine data er uændrede.\n\n${restored.error}`);
  }
  const upgrade = await backups.backupBeforeUpgrade(version);
  if (upgrade.status === 'failed') {
    dialog.showErrorBox(
      'Backup mislykkedes',
      `Tilsyn kunne ikke tage en backup af dine data før opdateringen. Appen starter alligevel; kontakt support, hvis der mangler noget.\n\n${upgrade.error}`,
    );
  }
  // Then the daily one (none in the last 24 hours), still before the window opens the database.
  const daily = upgrade.status === 'failed' ? null : await backups.dailyBackup(version);
  if (daily?.status === 'failed') {
    dialog.showErrorBox('Backup mislykkedes', `Tilsyn kunne ikke tage dagens backup af dine data. Appen starter alligevel.\n\n${daily.error}`);
  }

  const rendererDir = path.join(__dirname, '..', 'renderer');
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ fs: nodeFs, rendererDir, csp: buildCsp({ syncOrigin: config.syncOrigin }), log }),
  );

  const credentials = createCredentialStore({
    safeStorage,
    platform: process.platform,
    fs: nodeFs,
    file: path.join(userData, 'credentials.bin'),
    log,
  });

  // The provider's refresh token: its own file, kept exactly like the device token (or in memory only).
  const providerSession = createCredentialStore({
    safeStorage,
    platform: process.platform,
    fs: nodeFs,
    file: path.join(userData, 'provider-session.bin'),
    log,
  });
  const providerLogin = createProviderLogin({
    shell,
    credentials,
    providerSession,
    log,
    allowLoopbackHttp: !app.isPackaged,
    deviceName: `Tilsyn på ${process.platform === 'darwin' ? 'Mac' : process.platform === 'win32' ? 'Windows' : 'Linux'}`,
    ...(process.env.TILSYN_LOGIN_TIMEOUT_MS ? { timeoutMs: Number(process.env.TILSYN_LOGIN_TIMEOUT_MS) } : {}),
  });

  const fileDeps = { fs: nodeFs, log, defaultDir: app.getPath('documents') };
  const dialogFor = (contents: WebContents): DialogLike => {
    const win = BrowserWindow.fromWebContents(contents);
    return {
      showSaveDialog: (o) => (win ? dialog.showSaveDialog(win, o) : dialog.showSaveDialog(o)),
      showOpenDialog: (o) =>
        win
          ? dialog.showOpenDialog(win, { ...o, properties: ['openFile'] })
          : dialog.showOpenDialog({ ...o, properties: ['openFile'] }),
    };
  };

  const restoreAndRelaunch = async (id: string) => {
    await backups.requestRestore(id);
    log.info('app.relaunch', { reason: 'restore' });
    setImmediate(() => {
      app.relaunch();
      app.quit();
    });
  };

  const handlers: IpcHandlerMap = {
    'app:info': () => ({
      version,
      platform: process.platform,
      encryptionAvailable: credentials.isEncrypted(),
      syncUrl: config.syncUrl,
      isPackaged: app.isPackaged,
    }),
    'report:savePdf': (request, sender) => {
      const contents = sender.contents as WebContents;
      return savePdf(fileDeps, dialogFor(contents), (o) => contents.printToPDF(o), request);
    },
    'file:save': (request, sender) => saveFile(fileDeps, dialogFor(sender.contents as WebContents), request),
    'file:open': (request, sender) => openFile(fileDeps, dialogFor(sender.contents as WebContents), request),
    'credentials:get': () => credentials.get(),
    'credentials:set': ({ token, remember }) => credentials.set(token, remember),
    'credentials:clear': async () => {
      await credentials.clear();
      await providerSession.clear();
      return { cleared: true } as const;
    },
    'provider:login': (request) => providerLogin.login(request),
    'provider:renew': ({ force }) => providerLogin.renew(force),
    'backup:list': async () => ({ backups: await backups.list() }),
    'backup:saveSnapshot': async ({ snapshot }) => ({ backup: await backups.saveSnapshot(snapshot, version) }),
    'backup:takePendingSnapshot': async () => ({ snapshot: await backups.takePendingSnapshot() }),
    'backup:restore': async ({ id }) => {
      await restoreAndRelaunch(id);
      return { status: 'relaunching' } as const;
    },
  };
  registerIpcHandlers(ipcMain, handlers, log);

  const restoreFromMenu = async () => {
    const list = await backups.list();
    const parent = mainWindow ?? undefined;
    if (list.length === 0) {
      const info = {
        type: 'info' as const,
        title: 'Gendan fra backup',
        message: 'Der er ingen backups endnu.',
        detail: 'Tilsyn tager en backup af dine data hver dag (ved start og, mens appen kører, én gang i døgnet), og før en ny version af appen åbner dem første gang.',
      };
      await (parent ? dialog.showMessageBox(parent, info) : dialog.showMessageBox(info));
      return;
    }
    const cancel = list.length;
    const options = {
      type: 'question' as const,
      title: 'Gendan fra backup',
      message: 'Vælg den backup, du vil gendanne.',
      detail:
        'Tilsyn lukker, lægger backuppen tilbage og starter igen. Dine nuværende data gemmes først som en ny backup, så du kan fortryde. ' +
        'Ændringer, der ikke er sendt, følger ikke med tilbage; eksporter dem først (Filer → Eksporter ikke-sendte ændringer…).',
      buttons: [...list.map((b) => describeBackup(b)), 'Annuller'],
      cancelId: cancel,
      defaultId: cancel,
      noLink: true,
    };
    const { response } = await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
    const chosen = list[response];
    if (response === cancel || !chosen) return;
    await restoreAndRelaunch(chosen.id);
  };

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        devTools: !app.isPackaged,
        handlers: {
          send: (action) => {
            if (mainWindow) sendEvent(mainWindow.webContents, 'menu:action', { action }, log);
          },
          restoreBackup: () => {
            restoreFromMenu().catch((err: unknown) => log.error('backup.menu-failed', { message: String(err) }));
          },
        },
      }),
    ),
  );
  app.setAboutPanelOptions({
    applicationName: 'Tilsyn',
    applicationVersion: version,
    copyright: 'Pædagogisk tilsyn med dagtilbud',
  });

  if (process.platform !== 'darwin') {
    try {
      session.defaultSession.setSpellCheckerLanguages(['da']);
    } catch {
      // No Danish dictionary on this platform: spelling is simply not checked.
    }
  }

  const stateFile = path.join(userData, 'window-state.json');
  const openWindow = async () => {
    const saved = await loadWindowState(nodeFs, stateFile, log);
    const state = clampWindowState(saved, screen.getAllDisplays(), screen.getPrimaryDisplay());
    const iconPath = path.join(__dirname, 'icon.png');
    const win = createMainWindow(BrowserWindow, {
      state,
      preloadPath: path.join(__dirname, 'preload.cjs'),
      devTools: !app.isPackaged,
      iconPath: existsSync(iconPath) ? iconPath : undefined,
    });
    mainWindow = win;
    win.once('ready-to-show', () => {
      if (state.isMaximized) win.maximize();
      if (state.isFullScreen) win.setFullScreen(true);
      win.show();
    });
    // Remember size and position: save on close, and wait (briefly) for the write before closing.
    // Holding the close back cancels a quit in progress, so the quit is asked for again afterwards.
    let stateSaved = false;
    win.on('close', (event) => {
      if (stateSaved) return;
      event.preventDefault();
      const done = () => {
        if (stateSaved) return;
        stateSaved = true;
        if (!win.isDestroyed()) win.close();
        if (quitting) app.quit();
      };
      const timer = setTimeout(done, 1000);
      void saveWindowState(nodeFs, stateFile, captureWindowState(win), log).finally(() => {
        clearTimeout(timer);
        done();
      });
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.webContents.on('render-process-gone', (_event, details) => log.error('renderer.gone', { reason: details.reason }));
    await win.loadURL(APP_INDEX_URL);
  };

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow) void openWindow();
  });

  await openWindow();
  log.info('app.ready', { host: APP_HOST });
}
