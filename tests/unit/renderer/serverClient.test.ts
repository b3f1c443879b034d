import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdminUserSchema, LoginResponseSchema, MeSchema } from '../../../shared/accounts';
import { ServerError, type ServerProblem } from '../../../shared/serverError';
import { syncOnce } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { themeScoreId } from '../../../shared/inspection';
import { serverClient } from '../../../renderer/sync/serverClient';
import { ADMIN_PASSWORD, freshDatabase, newInspection, startApp, type FreshDatabase } from '../server/helpers';

// The Danish texts (errors namespace) the user reads; pinned here word for word.
const OFFLINE_MESSAGE = 'Serveren kan ikke nås. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.';
const TIMEOUT_MESSAGE = 'Serveren svarede ikke i tide. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.';
const UNREADABLE_MESSAGE = 'Serverens svar kunne ikke læses. Er adressen en Tilsyn-server?';

/** A real HTTP server on a free port whose answers each test sets. */
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_q, res) => res.end();
let http: Server;
let base = '';
const seen: { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: string } = {};

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
});

function answer(status: number, body: unknown, contentType = 'application/json') {
  handler = (_q, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

async function problemOf(work: Promise<unknown>): Promise<ServerProblem> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerError);
  return (error as ServerError).problem;
}

const Ok = z.object({ ok: z.boolean() });

describe('server client against a local HTTP server', () => {
  it('sends the token and JSON, and returns the reply parsed with its schema', async () => {
    answer(200, { ok: true, extra: 'dropped by the schema' });
    const client = serverClient({ baseUrl: `${base}/`, token: 'tok-123' });
    expect(await client.post('/api/x', { a: 1 }, Ok)).toEqual({ ok: true });
    expect(seen).toMatchObject({ method: 'POST', url: '/api/x', body: '{"a":1}' });
    expect(seen.headers).toMatchObject({ authorization: 'Bearer tok-123', 'content-type': 'application/json', accept: 'application/json' });
    await client.get('/api/y', Ok);
    expect(seen.method).toBe('GET');
    expect(seen.headers?.['content-type']).toBeUndefined();
  });

  it("reads the server's error body: Danish message, code, issues by field; a refusal is not retryable", async () => {
    answer(400, { error: 'Ugyldig bruger: password: For kort', code: 'ugyldig', issues: [{ path: 'password', message: 'Adgangskoden skal have mindst 10 tegn' }] });
    const p = await problemOf(serverClient({ baseUrl: base }).post('/api/admin/users', {}, Ok));
    expect(p).toMatchObject({
      kind: 'refused',
      retryable: false,
      status: 400,
      message: 'Ugyldig bruger: password: For kort',
      code: 'ugyldig',
      issues: [{ path: 'password', message: 'Adgangskoden skal have mindst 10 tegn' }],
    });
  });

  it('401 means log in again; 408, 429 and 5xx may help later; other statuses do not', async () => {
    const client = serverClient({ baseUrl: base });
    answer(401, { error: 'Log ind igen', code: 'ikke_logget_ind' });
    expect(await problemOf(client.get('/', Ok))).toMatchObject({ kind: 'auth', retryable: false, status: 401, message: 'Log ind igen' });
    for (const status of [408, 429, 500, 502, 503]) {
      answer(status, { error: 'Prøv igen' });
      expect(await problemOf(client.get('/', Ok))).toMatchObject({ kind: 'server', retryable: true, status });
    }
    for (const status of [403, 404, 409, 413]) {
      answer(status, { error: 'Nej' });
      expect(await problemOf(client.get('/', Ok))).toMatchObject({ kind: 'refused', retryable: false, status, message: 'Nej' });
    }
  });

  it('an error answer without the error body (a proxy page) still gets a Danish message', async () => {
    answer(502, '<html>Bad Gateway</html>', 'text/html');
    const p = await problemOf(serverClient({ baseUrl: base }).get('/', Ok));
    expect(p).toMatchObject({ kind: 'server', retryable: true, status: 502, issues: [] });
    expect(p.message).toBe('Serveren har en fejl (502). Appen prøver igen om lidt.');
    expect(p.body).toBeUndefined();
  });

  it('a reply that is not JSON, or not what the schema says, is "not a Tilsyn server", not retried', async () => {
    const client = serverClient({ baseUrl: base });
    answer(200, '<html>Velkommen til routeren</html>', 'text/html');
    expect(await problemOf(client.get('/', Ok))).toMatchObject({ kind: 'protocol', retryable: false, message: UNREADABLE_MESSAGE });
    answer(200, { ok: 'ja' });
    expect(await problemOf(client.get('/', Ok))).toMatchObject({ kind: 'protocol', retryable: false, message: UNREADABLE_MESSAGE });
  });

  it("no server at the address: a plain Danish message, never the browser's words", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const p = await problemOf(serverClient({ baseUrl: `http://127.0.0.1:${port}` }).get('/', Ok));
    expect(p).toEqual({ kind: 'offline', retryable: true, message: OFFLINE_MESSAGE, text: { key: 'errors:offline' }, issues: [] });
    expect(p.message).not.toMatch(/fetch/i);
    // Where nothing is saved on the computer (admin forms), the caller says so instead.
    const admin = await problemOf(serverClient({ baseUrl: `http://127.0.0.1:${port}`, offlineMessage: 'Serveren kunne ikke nås. Tjek netværket, og prøv igen.' }).get('/', Ok));
    expect(admin.message).toBe('Serveren kunne ikke nås. Tjek netværket, og prøv igen.');
  });

  it('a server that does not answer in time is given up on (headers or body), and may be tried again', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const p = await problemOf(serverClient({ baseUrl: base, timeoutMs: 150 }).get('/', Ok));
    expect(p).toMatchObject({ kind: 'offline', retryable: true, message: TIMEOUT_MESSAGE });
    expect(Date.now() - started).toBeLessThan(2000);
    // Where nothing is kept on the computer, the caller's words are used for a timeout too.
    expect(await problemOf(serverClient({ baseUrl: base, timeoutMs: 150, offlineMessage: 'Prøv igen senere.' }).get('/', Ok))).toMatchObject({ kind: 'offline', message: 'Prøv igen senere.' });
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":'); // …and stalls
    };
    expect(await problemOf(serverClient({ baseUrl: base, timeoutMs: 150 }).get('/', Ok))).toMatchObject({ kind: 'offline', message: TIMEOUT_MESSAGE });
  });

  it('the sync transport returns every HTTP answer, and throws only when there is none', async () => {
    answer(413, { error: 'For stor', code: 'for_stor' });
    const res = await serverClient({ baseUrl: base, token: 't' }).transport('/api/sync/push', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'For stor', code: 'for_stor' });
    expect(seen.headers?.authorization).toBe('Bearer t');
    answer(200, 'ikke json', 'text/plain');
    const bad = await serverClient({ baseUrl: base }).transport('/x', { method: 'GET', headers: {} });
    await expect(bad.json()).rejects.toBeInstanceOf(ServerError);
  });

  it('getText returns a text file (a CSV export) as sent, and reads a refusal like the JSON calls', async () => {
    answer(200, 'Tidspunkt;Hændelse\r\n2026-01-01;Login\r\n', 'text/csv; charset=utf-8');
    expect(await serverClient({ baseUrl: base, token: 't' }).getText('/api/admin/audit.csv')).toBe('Tidspunkt;Hændelse\r\n2026-01-01;Login\r\n');
    expect(seen.headers?.authorization).toBe('Bearer t');
    expect(seen.headers?.accept).toContain('text/csv');
    answer(403, { error: 'Kun forvaltningen', code: 'ingen_adgang' });
    const problem = await problemOf(serverClient({ baseUrl: base, token: 't' }).getText('/api/admin/audit.csv'));
    expect(problem.message).toBe('Kun forvaltningen');
  });
});

describe('server client against a real Tilsyn server', () => {
  let db: FreshDatabase;
  let app: FastifyInstance;
  let url = '';
  beforeAll(async () => {
    db = await freshDatabase({ name: 'sqlite', label: 'SQLite', skip: null });
    app = await startApp(db);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('logs in, reads and refuses with the Danish reasons and fields of the server', async () => {
    const anon = serverClient({ baseUrl: url });
    expect(await problemOf(anon.post('/api/auth/login', { username: 'admin', password: 'forkert-kode' }, LoginResponseSchema))).toMatchObject({
      kind: 'auth',
      status: 401,
      message: 'Forkert brugernavn eller adgangskode',
      code: 'forkert_login',
    });
    const { token, user } = await anon.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, LoginResponseSchema);
    expect(user.role).toBe('forvaltning');
    const admin = serverClient({ baseUrl: url, token });
    expect(await admin.get('/api/auth/me', MeSchema)).toEqual(user);
    const short = await problemOf(admin.post('/api/admin/users', { username: 'ny.bruger', displayName: 'Ny', role: 'konsulent', password: 'kort' }, AdminUserSchema));
    expect(short).toMatchObject({ kind: 'refused', status: 400, retryable: false });
    expect(short.issues.map((i) => i.path)).toContain('password');
    expect(short.issues.find((i) => i.path === 'password')!.message).toMatch(/10 tegn/);
    expect(await problemOf(serverClient({ baseUrl: url, token: 'ikke-et-token' }).get('/api/auth/me', MeSchema))).toMatchObject({ kind: 'auth', retryable: false });
  });

  it('carries a whole sync (push and pull) for the shared algorithm', async () => {
    const { token } = await serverClient({ baseUrl: url }).post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, LoginResponseSchema);
    const client = serverClient({ baseUrl: url, token });
    await client.post('/api/admin/institutions', { id: 'SC-1', name: 'Klientens Børnehus', type: 'børnehave', ownership: 'kommunal', children0to2: 0, children3to5: 30 }, z.unknown());
    const storage = new MemoryStorage();
    const { id, rev: _r, updatedAt: _u, ...fields } = newInspection('SC-1');
    await storage.write('inspection', id, fields);
    await storage.write('themeScore', themeScoreId(id, 'leg'), { inspectionId: id, themeId: 'leg', step: 3 });
    const report = await syncOnce(storage, client.transport, 'server-client-test');
    expect(report).toMatchObject({ ok: true, acknowledged: 2, applied: 2 });
    expect(storage.outbox()).toEqual([]);
    expect(storage.record('inspection', id)).toMatchObject({ rev: 1 });
  });
});
