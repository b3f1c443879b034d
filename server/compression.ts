import compress, { type FastifyCompressOptions } from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';
import { STATIC_COMPRESSION } from './staticFiles';

/*
 * The API's answers compressed where it helps (docs/server.md, "Compressed answers", has the
 * figures): the big ones (a first pull's pages, ~0.9 MB per 2,000 records; the BI export;
 * statistics and report answers) over a municipal or mobile link, while a routine sync's small
 * answers go out as they are. Measured on a first pull's pages (tests/bench/compression.ts):
 *   - brotli quality 1 (gzip level 1 for a client without brotli): ~1–1.6 ms CPU per MB, to 4–10 %
 *     of the bytes (the 4,000-institution first pull: 177 MB → 7.5 MB). The library's quality 4
 *     packs 5–15 % tighter for 2.5–4× the CPU; gzip level 6 (zlib's default) ~12 % for 3–4×.
 *   - answers under COMPRESSION_THRESHOLD go out as they are: a routine sync's answers are a few KB
 *     (the 100-device bench's largest 12.8 KB), within TCP's first flight packed or not, and the
 *     server's CPU per sync is what 100 devices at once wait for.
 *   - zstd: not offered yet (Node 24's zlib has it; only br and gzip were measured here).
 * Streamed answers (the BI export) are piped through a zlib stream chunk by chunk, with the
 * stream's backpressure; the threshold does not apply to them (their size is not known).
 */

/** Smallest answer that is compressed, in bytes. */
export const COMPRESSION_THRESHOLD = 32 * 1024;

/** Paths whose answers are compressed with these settings: the API and the public report pages. */
const COMPRESSED = /^\/(?:api|offentlig)\//;

export const API_COMPRESSION = {
  encodings: ['br', 'gzip'],
  threshold: COMPRESSION_THRESHOLD,
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } },
  zlibOptions: { level: 1 },
  // Compressed in one call on the main thread, not streamed through the thread pool: 1.5–2.4 ms of
  // CPU per MB against 3–6 through the library's stream path (on the pull pages, this shared
  // machine), beside ~40 ms per MB that building the page takes on the main thread anyway. A pull
  // page of 2,000 records is ~0.9 MB. Streamed answers (the exports) are streamed still.
  syncThreshold: 8 * 1024 * 1024,
} satisfies FastifyCompressOptions;

/**
 * Registers compression for the routes registered after it (call before the routes): the API's
 * with API_COMPRESSION, every other route (the built files) with the built files' settings
 * (staticFiles.ts). Request bodies are not decompressed: nothing a client sends is big.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // Runs before the library's own onRoute hook (added by the register below), which reads `compress`.
  app.addHook('onRoute', (route) => {
    if (route.compress === undefined && COMPRESSED.test(route.url)) route.compress = API_COMPRESSION;
  });
  await app.register(compress, { ...STATIC_COMPRESSION, globalDecompression: false });
}
