/**
 * In the browser, a service worker keeps the app openable offline (renderer/public/sw.js); the
 * desktop app loads from disk. The worker installs with the app shell only; the rest of the build
 * (lazy chunks, the Excel library) is fetched once the first screen is interactive: after the page
 * has loaded and the main thread is idle, never before.
 */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !location.protocol.startsWith('http')) return;
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  const whenIdle = (fn: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 5000 }) : setTimeout(fn, 1000));
  const cacheTheRest = () =>
    whenIdle(() => {
      void navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ type: 'cache-lazy-chunks' }));
    });
  if (document.readyState === 'complete') cacheTheRest();
  else addEventListener('load', cacheTheRest, { once: true });
}
