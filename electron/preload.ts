import { contextBridge, ipcRenderer } from 'electron';
import type { PRELOAD_GLOBAL } from '../shared/ipc';
import { createTilsynApi } from './preloadApi';

const GLOBAL_NAME: typeof PRELOAD_GLOBAL = 'tilsyn';

// The one object the renderer gets, as `window.tilsyn`. The preload
// is sandboxed: it requires only `electron`, and electron/build.mjs fails if it would require more.
contextBridge.exposeInMainWorld(GLOBAL_NAME, createTilsynApi(ipcRenderer));
