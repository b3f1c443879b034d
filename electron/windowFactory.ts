import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_SIZE, type WindowState } from './windowState';

export interface MainWindowOptions {
  state: WindowState;
  preloadPath: string;
  /** Whether DevTools may be opened (only when the app is not packaged). */
  devTools: boolean;
  iconPath?: string;
}

/**
 * Create the app's one window. The constructor is passed in, so a test can check the options; in the
 * app it is Electron's BrowserWindow. Every security-relevant web preference is spelled out, even where
 * Electron's default is already the safe value, so a reader (and electronegativity) sees them here.
 */
export function createMainWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  options: MainWindowOptions,
): W {
  const { state } = options;
  return new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: Math.min(MIN_SIZE.width, state.width),
    minHeight: Math.min(MIN_SIZE.height, state.height),
    show: false,
    title: 'Tilsyn',
    backgroundColor: '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      // Reviewed: the preload (electron/preload.ts) only exposes the typed object of electron/preloadApi.ts
      // through contextBridge; it gives the page no ipcRenderer, no Node and no event objects.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
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
      // A middle click would otherwise try to open a new window (denied anyway by setWindowOpenHandler).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: true,
      devTools: options.devTools,
    },
  });
}
