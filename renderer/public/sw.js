// Keeps the web app openable with no network: the app shell is cached on install and refreshed
// whenever the network answers. API calls (/api/) are never cached; the data lives in IndexedDB.
const CACHE = 'tilsyn-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const res = await fetch('./index.html', { cache: 'no-store' });
      const html = await res.clone().text();
      await cache.put('./index.html', res.clone());
      await cache.put('./', res);
      // Every built file, lazy chunks included (written by the build's asset-manifest plugin).
      const files = await (await fetch('./asset-manifest.json', { cache: 'no-store' })).json();
      await cache.addAll(files.filter((f) => f !== 'index.html').map((f) => `./${f}`));
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

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(event.request);
        if (res.ok) await cache.put(event.request, res.clone());
        return res;
      } catch {
        const cached = (await cache.match(event.request, { ignoreSearch: true })) ?? (event.request.mode === 'navigate' ? await cache.match('./index.html') : undefined);
        if (cached) return cached;
        throw new Error('offline og ikke i cache');
      }
    })(),
  );
});
