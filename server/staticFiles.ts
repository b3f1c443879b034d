import compress, { type FastifyCompressOptions } from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { constants } from 'node:zlib';

/** Hashed build output (`assets/index-DKiM2Wqr.js`): its name changes when its content does. */
const HASHED = /^\/assets\//;

export function isSourceMap(urlPath: string): boolean {
  return /\.map$/i.test(urlPath);
}

export function cacheControlFor(urlPath: string): string {
  // index.html and sw.js name the current hashed files: always revalidated, so a new build is seen at once.
  return HASHED.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** How the built files are compressed, as they are sent (they are not stored compressed). */
export const STATIC_COMPRESSION = {
  encodings: ['br', 'gzip'],
  threshold: 1024,
  // Quality 11 (the default) costs ~1 s of CPU for the Excel chunk; 5 is within a few per cent of its size.
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
} satisfies FastifyCompressOptions;

/**
 * The built renderer, compressed (brotli or gzip, as the browser asks) and with cache headers:
 * hashed assets are cached for a year, everything else is revalidated.
 */
export async function staticFiles(app: FastifyInstance, opts: { root: string }) {
  await app.register(async (scope) => {
    // In the server these settings come from its compression (server/compression.ts, registered for
    // every route); registered alone (as in its test) the scope brings its own.
    if (!scope.hasReplyDecorator('compress')) await scope.register(compress, STATIC_COMPRESSION);
    await scope.register(fastifyStatic, {
      root: opts.root,
      index: 'index.html',
      cacheControl: false,
      // Source maps are not built (vite.config.ts), and one left in the folder is not served either: it would hand out the source.
      allowedPath: (pathName) => !isSourceMap(pathName),
      setHeaders(reply, filePath) {
        reply.header('cache-control', cacheControlFor(`/${path.relative(opts.root, filePath).split(path.sep).join('/')}`));
      },
    });
  });
}
