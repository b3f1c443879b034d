import { EVENT_CHANNELS, type TilsynApi } from '../shared/ipc';

/**
 * The object the preload exposes as `window.tilsyn`: one method per channel of the contract, nothing
 * else. It never hands the renderer `ipcRenderer`, an IPC event object or a channel name to choose;
 * `satisfies TilsynApi` makes the compiler check it against shared/ipc.ts both ways (a missing or an
 * extra method is an error).
 */

/** The parts of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createTilsynApi(ipc: IpcRendererLike) {
  // Replies are parsed in the main process before they are sent; the casts here only restore the type.
  const call = <T>(channel: string, request?: unknown): Promise<T> =>
    (request === undefined ? ipc.invoke(channel) : ipc.invoke(channel, request)) as Promise<T>;

  const api = {
    appInfo: () => call('app:info'),
    savePdf: (request) => call('report:savePdf', request),
    saveFile: (request) => call('file:save', request),
    openFile: (request) => call('file:open', request),
    getCredentials: () => call('credentials:get'),
    setCredentials: (request) => call('credentials:set', request),
    clearCredentials: () => call('credentials:clear'),
    listBackups: () => call('backup:list'),
    restoreBackup: (request) => call('backup:restore', request),
    onMenuAction: (listener) => {
      const schema = EVENT_CHANNELS['menu:action'].payload;
      // The IPC event object stays here: the renderer gets only the parsed payload.
      const wrapped = (_event: unknown, payload: unknown) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      };
      ipc.on('menu:action', wrapped);
      return () => {
        ipc.removeListener('menu:action', wrapped);
      };
    },
  } satisfies TilsynApi;
  return api;
}
