import 'fake-indexeddb/auto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UseFormSetError } from 'react-hook-form';
import { buildDemoData } from '../../../shared/demo/demoData';
import { FrameworkSchema } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { computeThemeAverages } from '../../../shared/municipalAverages';
import { href, parseRoute } from '../../../renderer/state/router';
import { TilsynDatabase } from '../../../renderer/db/database';
import { showServerError } from '../../../renderer/features/admin/adminApi';
import { ServerError, problemFromResponse, offlineProblem } from '../../../shared/serverError';
import { nextVersionFrom } from '../../../renderer/features/admin/FrameworksSection';
import { serverClient } from '../../../renderer/sync/serverClient';
import { getCachedThemeAverages, refreshThemeAverages } from '../../../renderer/sync/themeAverages';

describe('administration route', () => {
  it('parses and builds #/administration and its tabs', () => {
    expect(parseRoute('#/administration')).toEqual({ name: 'admin', section: 'brugere' });
    expect(parseRoute('#/administration/institutioner')).toEqual({ name: 'admin', section: 'institutioner' });
    expect(parseRoute('#/administration/rammer')).toEqual({ name: 'admin', section: 'rammer' });
    expect(parseRoute('#/administration/andet').name).toBe('notFound');
    expect(parseRoute('#/administration/api-tokens')).toEqual({ name: 'admin', section: 'api-tokens' });
    for (const section of ['brugere', 'institutioner', 'rammer', 'api-tokens'] as const) expect(parseRoute(href({ name: 'admin', section }))).toEqual({ name: 'admin', section });
  });
});

describe('server refusals shown at the field', () => {
  const refusal = (status: number, error: string, code: string, issues: { path: string; message: string }[] = []) => new ServerError(problemFromResponse(status, { error, code, issues }));
  function collect() {
    const calls: [string, string, boolean][] = [];
    const setError = ((name: string, e: { message?: string }, o?: { shouldFocus?: boolean }) => calls.push([name, e.message ?? '', !!o?.shouldFocus])) as unknown as UseFormSetError<Record<string, unknown>>;
    return { calls, setError };
  }

  it('puts zod issues at their path and focuses the first', () => {
    const { calls, setError } = collect();
    const err = refusal(400, 'Ugyldig bruger: password: For kort', 'ugyldig', [
      { path: 'password', message: 'Adgangskoden skal have mindst 10 tegn' },
      { path: 'displayName', message: 'Angiv et navn' },
    ]);
    showServerError(err, setError, ['username', 'displayName', 'password']);
    expect(calls).toEqual([
      ['password', 'Adgangskoden skal have mindst 10 tegn', true],
      ['displayName', 'Angiv et navn', false],
    ]);
  });

  it('maps a code to its field, nested paths to theirs, and the rest to the form', () => {
    const a = collect();
    showServerError(refusal(409, 'Brugernavnet "x" er optaget', 'optaget'), a.setError, ['username'], { optaget: 'username' });
    expect(a.calls).toEqual([['username', 'Brugernavnet "x" er optaget', true]]);
    const b = collect();
    showServerError(refusal(400, 'Ugyldig rammeversion', 'ugyldig', [{ path: 'themes.2.name', message: 'For kort' }]), b.setError, ['themes']);
    expect(b.calls).toEqual([['themes.2.name', 'For kort', true]]);
    const c = collect();
    showServerError(new ServerError(offlineProblem(false, 'Serveren kunne ikke nås.')), c.setError, ['username']);
    expect(c.calls).toEqual([['root', 'Serveren kunne ikke nås.', false]]);
  });
});

describe('a new framework version from the newest', () => {
  it('copies every theme and fokuspunkt with the same ids, one version up, and still parses', () => {
    const next = nextVersionFrom(FRAMEWORK_V1);
    expect(next).toMatchObject({ id: 'v2', version: 2 });
    expect(next.themes.map((t) => t.id)).toEqual(FRAMEWORK_V1.themes.map((t) => t.id));
    expect(next.themes.flatMap((t) => t.fokuspunkter.map((f) => f.id))).toEqual(FRAMEWORK_V1.themes.flatMap((t) => t.fokuspunkter.map((f) => f.id)));
    expect(FrameworkSchema.safeParse(next).success).toBe(true);
    next.themes[0]!.name = 'Ændret';
    expect(FRAMEWORK_V1.themes[0]!.name).toBe('Pædagogisk organisering');
  });
});

describe('municipal averages cached for offline use', () => {
  let db: TilsynDatabase;
  let n = 0;
  const averages = computeThemeAverages({ ...buildDemoData(), frameworks: [FRAMEWORK_V1] }, { today: '2026-01-01', generatedAt: '2026-01-01T00:00:00Z' });
  // A real local server whose next answer each step sets.
  let reply: { status: number; body: unknown } = { status: 200, body: averages };
  let asked = '';
  const http = createServer((req, res) => {
    asked = `${req.url} ${req.headers.authorization}`;
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => http.close(r)));
  beforeEach(() => {
    db = new TilsynDatabase(`averages-${++n}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('stores a valid answer, and keeps it when a later fetch fails or is not understood', async () => {
    expect(await getCachedThemeAverages(db)).toBeNull();
    const client = serverClient({ baseUrl: base, token: 'tok' });
    expect(await refreshThemeAverages(db, client)).not.toBeNull();
    expect(asked).toBe('/api/stats/theme-averages Bearer tok');
    const cached = await getCachedThemeAverages(db);
    expect(cached).toMatchObject({ serverUrl: base, averages });
    reply = { status: 401, body: { error: 'Log ind' } };
    expect(await refreshThemeAverages(db, client)).toBeNull();
    reply = { status: 200, body: { periods: 'nej' } };
    expect(await refreshThemeAverages(db, client)).toBeNull();
    expect(await getCachedThemeAverages(db)).toEqual(cached);
  });
});
