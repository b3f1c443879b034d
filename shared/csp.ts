/**
 * The one Content Security Policy of the renderer, for the desktop shell (electron/csp.ts, a header on
 * every app:// response) and the web server (server/app.ts, through helmet). The two differ only in
 * `connect-src`: the desktop app also talks to its configured sync server; the web app only to its
 * own origin.
 */
export function cspDirectives(opts: { connectTo?: readonly string[] } = {}): Record<string, string[]> {
  return {
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
    'connect-src': ["'self'", ...(opts.connectTo ?? [])],
    // The dashboard worker and the service worker are files of the app (no blob: workers).
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
  };
}

/** The directives as one header value, in their order. */
export function cspHeader(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
