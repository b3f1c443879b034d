import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../../../server/staticFiles';

const JS = `export const x = ${JSON.stringify('Tilsyn '.repeat(2000))};\n`;
let app: FastifyInstance;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tilsyn-static-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), `<!doctype html><script type="module" src="./assets/index-AbC123.js"></script>${'<!-- -->'.repeat(200)}`);
  writeFileSync(path.join(root, 'sw.js'), `// sw\n${'self;'.repeat(400)}`);
  writeFileSync(path.join(root, 'assets/index-AbC123.js'), JS);
  app = Fastify();
  app.get('/api/big', async () => ({ rows: Array.from({ length: 500 }, (_, k) => ({ k, text: 'samme tekst igen' })) }));
  await staticFiles(app, { root });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
});

describe('the built app as the server sends it', () => {
  it('compresses hashed assets with brotli or gzip, as the browser asks, and caches them for a year', async () => {
    const br = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(JS);
    expect(br.rawPayload.length).toBeLessThan(JS.length / 10);
    const gz = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(JS);
  });

  it('has index.html and sw.js revalidated on every load, so a new build is seen at once', async () => {
    for (const url of ['/', '/index.html', '/sw.js']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
    }
  });

  it('leaves the API alone: its responses are not compressed by this plugin', async () => {
    const res = await app.inject({ url: '/api/big', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json().rows).toHaveLength(500);
  });
});
