import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../electron/csp';
import { nodeFs } from '../../../electron/fsLike';
import { createAppProtocolHandler, resolveAppPath } from '../../../electron/protocol';
import { memoryLogger, tempDir } from './fakes';

const ROOT = path.resolve('/opt/tilsyn/dist/renderer');

describe('resolveAppPath: the path-traversal guard', () => {
  const traversals = [
    'app://tilsyn/..%2f..%2fetc%2fpasswd',
    'app://tilsyn/..%2F..%2Fetc/passwd',
    'app://tilsyn/%2e%2e/%2e%2e/etc/passwd',
    'app://tilsyn/%2E%2E/secret',
    'app://tilsyn/.%2e/secret',
    'app://tilsyn/assets/..%2f..%2f..%2fetc/passwd',
    'app://tilsyn/../etc/passwd',
    'app://tilsyn/assets/../../etc/passwd',
    'app://tilsyn/..\\..\\windows\\win.ini',
    'app://tilsyn/assets\\..\\..\\secret',
    'app://tilsyn/..%5c..%5cwindows%5cwin.ini',
    'app://tilsyn/assets%5C..%5Csecret',
    'app://tilsyn/%252e%252e/%252e%252e/etc/passwd',
    'app://tilsyn//etc/passwd',
    'app://tilsyn/%2fetc/passwd',
    'app://tilsyn/C:/Windows/win.ini',
    'app://tilsyn/C%3a/Windows/win.ini',
    'app://tilsyn/index.html%00.png',
    'app://tilsyn/index.html\u0000.png',
    'app://tilsyn/a\nb',
    'app://tilsyn/%c0%ae%c0%ae/etc/passwd',
    'app://tilsyn/%E0%A4%A',
    'app://tilsyn/./index.html',
    'app://tilsyn/assets/%2e/x.js',
  ];

  it.each(traversals)('refuses %j', (url) => {
    const r = resolveAppPath(ROOT, url);
    expect(r.ok).toBe(false);
  });

  it.each([
    'app://evil/index.html',
    'app://tilsyn.evil/index.html',
    'app://tilsyn:8080/index.html',
    'app://user@tilsyn/index.html',
    'file:///etc/passwd',
    'https://tilsyn/index.html',
  ])('refuses a URL that is not on app://tilsyn: %j', (url) => {
    expect(resolveAppPath(ROOT, url)).toMatchObject({ ok: false, status: 403 });
  });

  it('maps the app root and plain files inside the renderer folder', () => {
    expect(resolveAppPath(ROOT, 'app://tilsyn/')).toEqual({ ok: true, filePath: path.join(ROOT, 'index.html'), spaFallback: false });
    expect(resolveAppPath(ROOT, 'app://tilsyn')).toMatchObject({ ok: true, filePath: path.join(ROOT, 'index.html') });
    expect(resolveAppPath(ROOT, 'app://tilsyn/index.html?x=1#/rapport/3')).toMatchObject({ ok: true, filePath: path.join(ROOT, 'index.html') });
    expect(resolveAppPath(ROOT, 'app://tilsyn/assets/index-B1x_9.js')).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'assets', 'index-B1x_9.js'),
      spaFallback: false,
    });
    expect(resolveAppPath(ROOT, 'app://tilsyn/fonts/Open%20Sans.woff2')).toMatchObject({
      ok: true,
      filePath: path.join(ROOT, 'fonts', 'Open Sans.woff2'),
    });
  });

  it('marks extension-less paths (app routes) for the index.html fallback, and only those', () => {
    expect(resolveAppPath(ROOT, 'app://tilsyn/institutioner/42')).toMatchObject({ ok: true, spaFallback: true });
    expect(resolveAppPath(ROOT, 'app://tilsyn/assets/missing.js')).toMatchObject({ ok: true, spaFallback: false });
  });
});

describe('the app protocol handler', () => {
  async function rendererFixture() {
    const dir = await tempDir();
    const renderer = path.join(dir, 'renderer');
    await mkdir(path.join(renderer, 'assets'), { recursive: true });
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Tilsyn</title>');
    await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log("hej")');
    await writeFile(path.join(renderer, 'assets', 'app.css'), 'body{}');
    await writeFile(path.join(dir, 'secret.txt'), 'TOP SECRET');
    const log = memoryLogger();
    const csp = buildCsp({ syncOrigin: 'https://sync.example.dk' });
    const handle = createAppProtocolHandler({ fs: nodeFs, rendererDir: renderer, csp, log });
    return { handle, log, csp };
  }

  it('serves files with their content type, the CSP and the other security headers', async () => {
    const { handle, csp } = await rendererFixture();
    const js = await handle(new Request('app://tilsyn/assets/app.js'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(csp);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log("hej")');
    const html = await handle(new Request('app://tilsyn/'));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(csp);
    expect(await html.text()).toContain('<title>Tilsyn</title>');
    expect((await handle(new Request('app://tilsyn/assets/app.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers an unknown route with index.html, but an unknown asset with 404', async () => {
    const { handle } = await rendererFixture();
    const route = await handle(new Request('app://tilsyn/tilsyn/2025/rapport'));
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Tilsyn</title>');
    const asset = await handle(new Request('app://tilsyn/assets/nope.js'));
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-security-policy')).toBeTruthy();
  });

  it('refuses traversal (logged, with the CSP on the error too) and never reads outside the folder', async () => {
    const { handle, log } = await rendererFixture();
    // Request normalises `..` itself, as Chromium does, so give it what survives parsing.
    for (const url of ['app://tilsyn/..%2fsecret.txt', 'app://tilsyn/%2e%2e%2fsecret.txt', 'app://tilsyn/..%5csecret.txt']) {
      const res = await handle(new Request(url));
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain('TOP SECRET');
      expect(res.headers.get('content-security-policy')).toBeTruthy();
    }
    expect(log.entries.filter((e) => e.event === 'protocol.refused')).toHaveLength(3);
  });

  it('serves a folder as not found, and only GET and HEAD', async () => {
    const { handle } = await rendererFixture();
    expect((await handle(new Request('app://tilsyn/assets'))).status).toBe(200); // no extension: app route → index.html
    expect((await handle(new Request('app://tilsyn/assets.d/x.js'))).status).toBe(404);
    expect((await handle(new Request('app://tilsyn/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handle(new Request('app://tilsyn/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
