/**
 * The Content Security Policy sent as a response header with every page and asset the app protocol
 * serves (a header, not a <meta>, so it also covers frame-ancestors and cannot be removed by a script).
 * The directives are the shared ones (shared/csp.ts), which the web server sends too.
 */
import { cspDirectives, cspHeader } from '../shared/csp';

export interface CspOptions {
  /** Origin of the sync server the renderer talks to, e.g. `https://tilsyn.example.dk`; null when none is configured. */
  syncOrigin: string | null;
}

export function buildCsp({ syncOrigin }: CspOptions): string {
  return cspHeader(cspDirectives({ connectTo: syncOrigin ? [syncOrigin] : [] }));
}

/**
 * The sync server's origin, if `url` is one the CSP may name: https, or http only on the loopback
 * address for development. Anything else (other schemes, credentials in the URL, junk) gives null.
 */
export function syncOriginFrom(url: string | null | undefined, opts: { allowLoopbackHttp: boolean }): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  if (u.protocol === 'https:') return u.origin;
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  if (u.protocol === 'http:' && loopback && opts.allowLoopbackHttp) return u.origin;
  return null;
}
