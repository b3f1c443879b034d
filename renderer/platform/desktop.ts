import type { TilsynApi } from '../../shared/ipc';
import type { PlatformBridge } from './bridge';

/**
 * The desktop bridge: every call goes through `window.tilsyn` (the preload), to a handler in the main
 * process that has checked the sender and parsed the request, and parsed its reply.
 */

/** Electron wraps a rejected invoke as "Error invoking remote method 'x': Error: <message>"; keep the message. */
export function unwrapIpcError(err: unknown): Error {
  const text = err instanceof Error ? err.message : String(err);
  const m = /^Error invoking remote method '[^']*': (?:\w*Error: )?([\s\S]*)$/.exec(text);
  return new Error(m?.[1] ?? text);
}

async function unwrap<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    throw unwrapIpcError(err);
  }
}

export function createDesktopPlatform(api: TilsynApi): PlatformBridge {
  return {
    kind: 'desktop',
    capabilities: { pdf: 'file', backups: true, menu: true },
    appInfo: () => unwrap(api.appInfo()),
    savePdf: (request) => unwrap(api.savePdf(request)),
    saveFile: ({ suggestedName, filters, data }) => unwrap(api.saveFile({ suggestedName, filters, data })),
    openFile: (request) => unwrap(api.openFile(request)),
    getToken: () => unwrap(api.getCredentials()),
    setToken: (token, options) => unwrap(api.setCredentials({ token, remember: options?.remember ?? true })),
    clearToken: async () => {
      await unwrap(api.clearCredentials());
    },
    providerLogin: (request) => unwrap(api.providerLogin(request)),
    renewProviderProof: (force) => unwrap(api.providerRenew({ force })),
    listBackups: async () => (await unwrap(api.listBackups())).backups,
    restoreBackup: async (id) => {
      await unwrap(api.restoreBackup({ id }));
    },
    saveBackupSnapshot: async (snapshot) => (await unwrap(api.saveBackupSnapshot({ snapshot }))).backup,
    takePendingSnapshot: async () => (await unwrap(api.takePendingSnapshot())).snapshot,
    onMenuAction: (listener) => api.onMenuAction(({ action }) => listener(action)),
  };
}
