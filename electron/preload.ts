import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { PRELOAD_GLOBAL } from '../shared/ipc';
import { createTilsynApi } from './preloadApi';

// The renderer's CSP forbids eval; tell zod not to probe for it.
z.config({ jitless: true });

// The one object the renderer gets. Sandboxed preload: only `electron` is required, and it is bundled
// with zod and the contract into dist/electron/preload.cjs.
contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, createTilsynApi(ipcRenderer));
