// First: starts the dashboard's worker before the rest of the app is evaluated (see there).
import './earlyStart';
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../shared/i18n/i18n';
import { applyStoredLanguage } from './state/language';
import { App } from './app/App';
import { getDatabase } from './db/database';
import { registerServiceWorker } from './platform/serviceWorker';
import { requestPersistentStorage } from './state/storagePersistence';
import './styles.css';

// zod would otherwise probe `new Function`, which the desktop app's CSP (rightly) forbids.
z.config({ jitless: true });
applyStoredLanguage();
void requestPersistentStorage();
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App db={getDatabase()} />
    </I18nextProvider>
  </StrictMode>,
);
