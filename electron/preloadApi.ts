import type { InvokeChannel, MenuAction, ReplyOf, TilsynApi } from '../shared/ipc';

/**
 * The object the preload exposes as `window.tilsyn`: one method per channel of the contract
 * (shared/ipc.ts), nothing else. It never hands the renderer `ipcRenderer`, an IPC event object or a
 * free choice of channel; `satisfies TilsynApi` makes the compiler check it against the contract both
 * ways (a missing or an extra method, a wrong channel name, is an error).
 *
 * Only types are imported from the contract, so the sandboxed preload bundle stays a few KB (no zod):
 * the main process parses every request and every reply, and every event before it is sent.
 */

/** The parts of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The menu actions a listener may receive; the compiler checks this against the contract's list. */
const MENU_ACTIONS = { savePdf: true, exportUnsent: true, importUnsent: true } as const satisfies Record<
  MenuAction['action'],
  true
>;

function isMenuAction(payload: unknown): payload is MenuAction {
  if (typeof payload !== 'object' || payload === null) return false;
  const action = (payload as { action?: unknown }).action;
  return typeof action === 'string' && Object.hasOwn(MENU_ACTIONS, action) && Object.keys(payload).length === 1;
}

export function createTilsynApi(ipc: IpcRendererLike) {
  const call = <C extends InvokeChannel>(channel: C, ...request: [] | [unknown]): Promise<ReplyOf<C>> =>
    ipc.invoke(channel, ...request) as Promise<ReplyOf<C>>;

  const api = {
    appInfo: () => call('app:info'),
    savePdf: (request) => call('report:savePdf', request),
    saveFile: (request) => call('file:save', request),
    openFile: (request) => call('file:open', request),
    getCredentials: () => call('credentials:get'),
    setCredentials: (request) => call('credentials:set', request),
    clearCredentials: () => call('credentials:clear'),
    providerLogin: (request) => call('provider:login', request),
    providerRenew: (request) => call('provider:renew', request),
    listBackups: () => call('backup:list'),
    restoreBackup: (request) => call('backup:restore', request),
    saveBackupSnapshot: (request) => call('backup:saveSnapshot', request),
    takePendingSnapshot: () => call('backup:takePendingSnapshot'),
    onMenuAction: (listener) => {
      // The IPC event object stays here: the renderer gets only the payload, and only a known action.
      const wrapped = (_event: unknown, payload: unknown) => {
        if (isMenuAction(payload)) listener({ action: payload.action });
      };
      ipc.on('menu:action', wrapped);
      return () => {
        ipc.removeListener('menu:action', wrapped);
      };
    },
  } satisfies TilsynApi;
  return api;
}
