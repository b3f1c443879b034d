/**
 * The Content Security Policy sent as a response header with every page and asset the app protocol
 * serves (a header, not a <meta>, so it also covers frame-ancestors and cannot be removed by a script).
 */
export interface CspOptions {
  /** Origin of the sync server the renderer talks to, e.g. `https://tilsyn.example.dk`; null when none is configured. */
  syncOrigin: string | null;
}

export function buildCsp({ syncOrigin }: CspOptions): string {
  const connect = ["'self'"];
  if (syncOrigin) connect.push(syncOrigin);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // Only the bundled scripts: no inline script, no eval, no remote code.
    'script-src': ["'self'"],
    // Styles: 'unsafe-inline' is the one exception, and only for styles. React's `style` prop goes
    // through CSSOM and needs none, but style *attributes* in markup (SVG from the chart library,
    // report HTML rendered from strings) and <style> elements some libraries inject are governed
    // by style-src too. Injected CSS cannot run script, and with img-src/connect-src/font-src limited
    // to the app (and the sync server) it cannot send data anywhere.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
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
