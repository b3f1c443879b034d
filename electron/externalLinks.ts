import { syncOriginFrom } from './csp';
import type { Logger } from './log';

/**
 * `shell.openExternal` hands a URL to the operating system, which may start any program for it. Only
 * https URLs on an exact allow-listed origin are passed on; everything else is refused and logged.
 */

/** Sites the app may link to (the laws and curricula a tilsyn refers to). The sync server is added at start. */
export const EXTERNAL_ORIGINS: readonly string[] = [
  'https://www.retsinformation.dk',
  'https://www.emu.dk',
  'https://www.borger.dk',
];

/** `allowLoopbackHttp`: only for the provider login of an unpackaged app against a provider on this machine (the demo). */
export function isAllowedExternalUrl(url: string, allowedOrigins: readonly string[], opts: { allowLoopbackHttp?: boolean } = {}): boolean {
  const origin = syncOriginFrom(url, { allowLoopbackHttp: opts.allowLoopbackHttp ?? false });
  return origin !== null && allowedOrigins.includes(origin);
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** Open `url` in the user's browser if it is allowed. Returns whether it was opened. */
export async function openExternalIfAllowed(
  shell: ShellLike,
  url: string,
  allowedOrigins: readonly string[],
  log: Logger,
  opts: { allowLoopbackHttp?: boolean } = {},
): Promise<boolean> {
  if (!isAllowedExternalUrl(url, allowedOrigins, opts)) {
    log.warn('openExternal.refused', { origin: safeOrigin(url) });
    return false;
  }
  // The URL was checked against the allow-list on the line above (https, exact origin, no credentials).
  await shell.openExternal(new URL(url).href); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  return true;
}

/** The origin of a URL for the log (never its path or query, which may carry personal data). */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid-url';
  }
}
