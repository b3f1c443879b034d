/**
 * A browser without a screen for the tests: follows redirects with its own cookie jar, and on the
 * demo provider's login page picks the given account. Stops at the first URL `stopAt` accepts
 * (the desktop's loopback callback, or Tilsyn's hand-off back to the app) and returns it.
 */
export async function loginThroughProvider(startUrl: string, accountOid: string, stopAt: (url: URL) => boolean): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(startUrl);
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (stopAt(url)) return url;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`Ingen loginformular på ${url.pathname} (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action, url);
    method = 'POST';
    body = new URLSearchParams({ konto: accountOid }).toString();
  }
  throw new Error('For mange omdirigeringer');
}
