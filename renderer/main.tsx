import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { getDatabase, requestPersistentStorage } from './db/database';
import './styles.css';

// zod would otherwise probe `new Function`, which the desktop app's CSP (rightly) forbids.
z.config({ jitless: true });
void requestPersistentStorage();
// In the browser, a service worker keeps the app openable offline; the desktop app loads from disk.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App db={getDatabase()} />
  </StrictMode>,
);
