import { translate } from '../../shared/i18n/i18n';

/**
 * A label for this device in the user's device list ("Chrome på Windows", "Tilsyn-appen på Mac"),
 * sent with the login in the UI language. Only the browser and the system: nothing that identifies the person.
 */
export function deviceLabel(userAgent: string): string {
  const ua = userAgent;
  const app = /Electron\//.test(ua)
    ? translate('sync:devices.app')
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : translate('sync:devices.browser');
  const system = /Windows/.test(ua) ? 'Windows' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X|Macintosh/.test(ua) ? 'Mac' : /Android/.test(ua) ? 'Android' : /Linux|X11/.test(ua) ? 'Linux' : null;
  return system ? translate('sync:devices.onSystem', { app, system }) : app;
}
