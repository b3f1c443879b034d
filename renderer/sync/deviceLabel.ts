/**
 * A label for this device in the user's device list ("Chrome på Windows", "Tilsyn-appen på Mac"),
 * sent with the login. Only the browser and the system: nothing that identifies the person.
 */
export function deviceLabel(userAgent: string): string {
  const ua = userAgent;
  const app = /Electron\//.test(ua)
    ? 'Tilsyn-appen'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : 'Browser';
  const system = /Windows/.test(ua) ? 'Windows' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X|Macintosh/.test(ua) ? 'Mac' : /Android/.test(ua) ? 'Android' : /Linux|X11/.test(ua) ? 'Linux' : null;
  return system ? `${app} på ${system}` : app;
}
