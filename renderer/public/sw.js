// Keeps the web app openable with no network. API calls (/api/) are never cached; the data lives in IndexedDB.
//  - install: the app shell only (index.html and the files it names), so installing never competes
//    with the first screen for the network;
//  - once the page says its first screen is interactive ('cache-lazy-chunks'): every other built file,
//    the lazy chunks and the Excel library included, so every page and an XLSX export work offline;
//  - hashed files (/assets/) are answered from the cache first (their names change with their content);
//    everything else network first, the cache when offline.
const CACHE = 'tilsyn-shell-v2';
const SHELL_FILE = /(?:src|href)="\.?\/?(assets\/[^"]+)"/g;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const res = await fetch('./index.html', { cache: 'no-store' });
      const html = await res.clone().text();
      await cache.put('./index.html', res.clone());
      await cache.put('./', res);
      await cache.addAll([...html.matchAll(SHELL_FILE)].map((m) => `./${m[1]}`));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** Caches the built files not cached yet (from the build's asset manifest) and drops hashed files of older builds. */
async function cacheLazyChunks() {
  const cache = await caches.open(CACHE);
  const files = (await (await fetch('./asset-manifest.json', { cache: 'no-store' })).json()).filter((f) => f !== 'index.html');
  const wanted = new Set(files.map((f) => new URL(`./${f}`, self.registration.scope).href));
  // One file that cannot be fetched must not leave the rest uncached.
  await Promise.allSettled([...wanted].map(async (url) => {
    if (!(await cache.match(url))) await cache.add(url);
  }));
  for (const req of await cache.keys()) if (new URL(req.url).pathname.startsWith('/assets/') && !wanted.has(req.url)) await cache.delete(req);
}

self.addEventListener('message', (event) => {
  if (event.data?.type === 'cache-lazy-chunks') event.waitUntil(cacheLazyChunks().catch(() => undefined));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (url.pathname.startsWith('/assets/')) {
        // A hashed file is the same bytes whatever the request's headers: a stylesheet preloaded with
        // `crossorigin` (an Origin header) must still match the copy cached without one (Vary).
        const hit = await cache.match(event.request, { ignoreVary: true });
        if (hit) return hit;
      }
      try {
        const res = await fetch(event.request);
        if (res.ok) await cache.put(event.request, res.clone());
        return res;
      } catch {
        const cached = (await cache.match(event.request, { ignoreSearch: true, ignoreVary: url.pathname.startsWith('/assets/') })) ?? (event.request.mode === 'navigate' ? await cache.match('./index.html') : undefined);
        if (cached) return cached;
        throw new Error('offline og ikke i cache');
      }
    })(),
  );
});
