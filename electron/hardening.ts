import { isAppUrl } from './appUrl';
import { openExternalIfAllowed, safeOrigin, type ShellLike } from './externalLinks';
import type { Logger } from './log';

/**
 * What a page of the app may not do: navigate away from the app, open windows, attach <webview>s,
 * or get any permission (camera, notifications, clipboard-read, …). Each rule is a plain function so
 * it is tested with fakes; `hardenWebContents` and `hardenSession` wire them onto Electron objects.
 */

export interface HardeningDeps {
  shell: ShellLike;
  /** Origins `shell.openExternal` may open (https only). */
  externalOrigins: readonly string[];
  log: Logger;
}

interface PreventableEvent {
  preventDefault(): void;
}

/**
 * `will-navigate`: the app is a single page on app://tilsyn; a navigation within it (a reload through
 * a link, a route with a new path) is allowed, any other is stopped. An allow-listed https link is
 * opened in the user's browser instead.
 */
export function createWillNavigateHandler(deps: HardeningDeps) {
  return (event: PreventableEvent, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    deps.log.warn('navigation.denied', { origin: safeOrigin(url) });
    void openExternalIfAllowed(deps.shell, url, deps.externalOrigins, deps.log).catch(() => undefined);
  };
}

/** `setWindowOpenHandler`: never a new Electron window; an allow-listed https link goes to the browser. */
export function createWindowOpenHandler(deps: HardeningDeps) {
  return (details: { url: string }): { action: 'deny' } => {
    deps.log.warn('window-open.denied', { origin: safeOrigin(details.url) });
    void openExternalIfAllowed(deps.shell, details.url, deps.externalOrigins, deps.log).catch(() => undefined);
    return { action: 'deny' };
  };
}

/** `will-attach-webview`: the app has no use for <webview>; every attach is stopped. */
export function createWillAttachWebviewHandler(log: Logger) {
  return (event: PreventableEvent, _webPreferences?: unknown, params?: { src?: string }): void => {
    event.preventDefault();
    log.warn('webview.denied', { origin: params?.src ? safeOrigin(params.src) : 'none' });
  };
}

/** `setPermissionRequestHandler`: every permission request is answered no. */
export function createPermissionRequestHandler(log: Logger) {
  return (_webContents: unknown, permission: string, callback: (granted: boolean) => void): void => {
    log.warn('permission.denied', { permission });
    callback(false);
  };
}

/** `setPermissionCheckHandler`: every permission check is answered no (checks are frequent; not logged). */
export function createPermissionCheckHandler() {
  return (): boolean => false;
}

/** The parts of `WebContents` the hardening touches. */
export interface HardenableWebContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(
    event: 'will-attach-webview',
    listener: (event: PreventableEvent, webPreferences: unknown, params: { src?: string }) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function hardenWebContents(contents: HardenableWebContents, deps: HardeningDeps): void {
  contents.on('will-navigate', createWillNavigateHandler(deps));
  contents.setWindowOpenHandler(createWindowOpenHandler(deps));
  contents.on('will-attach-webview', createWillAttachWebviewHandler(deps.log));
}

/** The parts of `Session` the hardening touches. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export function hardenSession(session: HardenableSession, log: Logger): void {
  session.setPermissionRequestHandler(createPermissionRequestHandler(log));
  session.setPermissionCheckHandler(createPermissionCheckHandler());
}
