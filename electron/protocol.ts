import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './appUrl';
import type { FsLike } from './fsLike';
import type { Logger } from './log';

/**
 * Serving the built renderer (dist/renderer) on `app://tilsyn/`.
 *
 * `resolveAppPath` is the path-traversal guard: it maps a request URL to a file inside the renderer
 * folder or refuses it. It works on the raw URL text as well as on its decoded form, because a URL
 * parser normalises `..` and `%2e%2e` but leaves `..%2f` or `%5c` for a later decode to turn into a
 * path that escapes. Anything odd is refused rather than repaired.
 */
export type ResolvedAppPath =
  | {
      ok: true;
      /** Absolute path of the file to serve, always inside the renderer folder. */
      filePath: string;
      /** True when the request has no file extension: if the file is missing, serve index.html (an app route). */
      spaFallback: boolean;
    }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const PREFIX = `${APP_SCHEME}://${APP_HOST}`;
const SAFE_SEGMENT = /^[A-Za-z0-9._~@+=,() -]+$/;

export function resolveAppPath(rendererDir: string, url: string): ResolvedAppPath {
  const refuse = (status: 400 | 403 | 404, reason: string): ResolvedAppPath => ({ ok: false, status, reason });

  if (typeof url !== 'string' || url.length > 2048) return refuse(400, 'bad-url');
  // The raw text must be printable ASCII: no NUL, no control characters, no backslash anywhere.
  if (/[^\x21-\x7e]/.test(url)) return refuse(400, 'control-or-non-ascii');
  if (url.includes('\\')) return refuse(400, 'backslash');

  // Scheme and host must be exactly ours (compared case-insensitively, as URLs are).
  if (url.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return refuse(403, 'foreign-origin');
  const afterOrigin = url.slice(PREFIX.length);
  if (afterOrigin !== '' && !/^[/?#]/.test(afterOrigin)) return refuse(403, 'foreign-origin'); // e.g. app://tilsyn.evil/ or app://tilsyn:80/

  // The raw path, without query and fragment.
  const rawPath = afterOrigin.split(/[?#]/, 1)[0] ?? '';

  // Refuse dot segments and encoded separators before any decoding: `..`, `%2e`, `%2f`, `%5c`, `%00`
  // have no place in the path of a built asset.
  if (rawPath.includes('..')) return refuse(400, 'dot-dot');
  if (/%(2e|2f|5c|00)/i.test(rawPath)) return refuse(400, 'encoded-separator');
  if (rawPath.includes('//')) return refuse(400, 'empty-segment');

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(400, 'bad-encoding');
  }
  // Once decoded, still nothing that could step out or be read as a drive or a second encoding.
  if (/[\u0000-\u001f\u007f\\:%]/.test(decoded)) return refuse(400, 'bad-decoded-path');

  const segments = decoded.split('/').filter((s, i) => !(i === 0 && s === ''));
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) segments.splice(0, segments.length, 'index.html');
  if (segments[segments.length - 1] === '') segments[segments.length - 1] = 'index.html';
  for (const seg of segments) {
    if (seg === '' || seg === '.' || seg === '..' || !SAFE_SEGMENT.test(seg)) return refuse(400, 'bad-segment');
  }

  const root = path.resolve(rendererDir);
  const filePath = path.resolve(root, ...segments);
  const rel = path.relative(root, filePath);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return refuse(403, 'outside-root');

  const last = segments[segments.length - 1] ?? '';
  return { ok: true, filePath, spaFallback: path.extname(last) === '' };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every response of the app protocol carries, errors included. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
    'Cache-Control': 'no-cache',
  };
}

export interface AppProtocolDeps {
  fs: Pick<FsLike, 'readFile'>;
  rendererDir: string;
  csp: string;
  log: Logger;
}

/** The handler given to `protocol.handle('app', …)`: a plain Request → Response function. */
export function createAppProtocolHandler(deps: AppProtocolDeps): (request: Request) => Promise<Response> {
  const headers = securityHeaders(deps.csp);
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });

  const read = async (filePath: string): Promise<Uint8Array | null> => {
    try {
      return await deps.fs.readFile(filePath);
    } catch {
      return null; // missing, or a folder: both are "not found"
    }
  };

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const resolved = resolveAppPath(deps.rendererDir, request.url);
    if (!resolved.ok) {
      deps.log.warn('protocol.refused', { reason: resolved.reason, status: resolved.status });
      return plain(resolved.status, 'Not Found');
    }
    let filePath = resolved.filePath;
    let body = await read(filePath);
    if (body === null && resolved.spaFallback) {
      filePath = path.join(path.resolve(deps.rendererDir), 'index.html');
      body = await read(filePath);
    }
    if (body === null) return plain(404, 'Not Found');
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypeFor(filePath) },
    });
  };
}
