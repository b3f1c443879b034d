/**
 * In the browser, a service worker keeps the app openable offline (renderer/public/sw.js); the
 * desktop app loads from disk. The worker installs with the app shell only; the rest of the build
 * (lazy chunks, the Excel library) is fetched once the first screen is interactive, never before:
 * after the page has loaded, the first screen's own page has rendered (its heading is in `#main`;
 * a lazy page shows only "Indlæser …" until its chunk has arrived) and the main thread is idle.
 */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !location.protocol.startsWith('http')) return;
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  const whenIdle = (fn: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 5000 }) : setTimeout(fn, 1000));
  const cacheTheRest = () =>
    whenFirstScreenShown(() =>
      whenIdle(() => {
        void navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ type: 'cache-lazy-chunks' }));
      }),
    );
  if (document.readyState === 'complete') cacheTheRest();
  else addEventListener('load', cacheTheRest, { once: true });
}

/** Longest wait for the first screen's heading: a page that never shows one must not keep the offline copy from filling. */
const FIRST_SCREEN_MAX_WAIT_MS = 15_000;

/** Runs `fn` once the page of the first screen has rendered its heading (or after FIRST_SCREEN_MAX_WAIT_MS). */
function whenFirstScreenShown(fn: () => void): void {
  const shown = () => document.querySelector('#main h1') !== null;
  if (shown()) return fn();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    fn();
  };
  const observer = new MutationObserver(() => {
    if (shown()) finish();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  const timer = setTimeout(finish, FIRST_SCREEN_MAX_WAIT_MS);
}
