import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('no source maps', () => {
  it('never serves a *.map file, even one left in the build folder', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tilsyn-static-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, 'assets/index-AbC123.js'), 'export {};\n//# sourceMappingURL=index-AbC123.js.map\n');
    writeFileSync(path.join(root, 'assets/index-AbC123.js.map'), '{"version":3,"sources":["../src/hemmelig.ts"]}');
    const scoped = Fastify();
    await staticFiles(scoped, { root });
    try {
      for (const url of ['/assets/index-AbC123.js.map', '/assets/INDEX-ABC123.JS.MAP', '/assets/index-AbC123.js.map?x=1', '/assets/index-AbC123.js%2emap']) {
        const res = await scoped.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body, url).not.toContain('hemmelig');
      }
      expect((await scoped.inject({ url: '/assets/index-AbC123.js' })).statusCode).toBe(200);
    } finally {
      await scoped.close();
    }
  });

  it('are not made by the production builds (vite and electron/build.mjs)', async () => {
    const vite = (await import('../../../vite.config')).default as { build?: { sourcemap?: unknown } };
    expect(vite.build?.sourcemap).toBe(false);
    const electronBuild = readFileSync(path.resolve('electron/build.mjs'), 'utf8');
    expect(electronBuild).toMatch(/\n\s*sourcemap: false,/);
    expect(electronBuild).not.toMatch(/sourcemap: (true|'inline'|'external'|'linked')/);
  });
});
