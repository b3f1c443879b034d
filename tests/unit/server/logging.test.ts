import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../../shared/ids';
import { ADMIN_PASSWORD, DIALECTS, PASSWORD, api, freshDatabase, login, mutation, newInspection, startApp, type FreshDatabase } from './helpers';

/** The request log: one line per request with its id, a 500 with its stack, never a secret or free text. */
let db: FreshDatabase;
let app: FastifyInstance;
let lines: string[];

beforeEach(async () => {
  lines = [];
  db = await freshDatabase(DIALECTS[0]!);
  app = await startApp(db, { logStream: { write: (line) => void lines.push(line) }, logLevel: 'info' });
  // A route that fails as a bug would: registered here, never in the server.
  app.get('/api/test/kaboom', async () => {
    throw new Error('Kaboom: intern detalje fra databasen');
  });
});

afterEach(async () => {
  await app.close();
  await db.drop();
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown> & { reqId?: string; err?: { stack?: string; message?: string } });
const linesOf = (reqId: string) => parsed().filter((l) => l.reqId === reqId);

it('logs one line per request with its id, and returns the id to the client', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'klient-42.a' } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['x-request-id']).toBe('klient-42.a');
  const mine = linesOf('klient-42.a');
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ level: 30, method: 'GET', url: '/api/health', statusCode: 200 });

  // No id, or one that could break a log line: the server makes one, and every answer carries it.
  for (const headers of [{}, { 'x-request-id': 'a b\nfalsk linje' }, { 'x-request-id': 'x'.repeat(500) }]) {
    const r = await app.inject({ method: 'GET', url: '/api/findes-ikke', headers });
    expect(r.statusCode).toBe(404);
    const id = r.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesOf(id)).toHaveLength(1);
  }
  expect(lines).toHaveLength(4);
});

it('logs a 500 with its stack; the client gets a Danish message without internals', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/test/kaboom' });
  expect(res.statusCode).toBe(500);
  expect(res.json()).toEqual({ error: 'Der opstod en uventet fejl på serveren. Prøv igen senere.', code: 'serverfejl' });
  expect(res.body).not.toContain('Kaboom');
  const mine = linesOf(res.headers['x-request-id'] as string);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ level: 50, statusCode: 500, url: '/api/test/kaboom' });
  expect(mine[0]!.err?.message).toBe('Kaboom: intern detalje fra databasen');
  expect(mine[0]!.err?.stack).toContain('logging.test.ts');
});

it('never logs a token, a password or free text from a body', async () => {
  const token = await login(app, 'admin', ADMIN_PASSWORD);
  const admin = api(app, token);
  const created = await admin.post('/api/admin/users', { username: 'konsulent-x', displayName: 'Karen Hemmeligsen', role: 'konsulent', password: PASSWORD, institutionIds: [] });
  expect(created.statusCode).toBe(201);
  await admin.post('/api/admin/institutions', { id: 'INST-A', name: 'Solsikken', type: 'integreret', ownership: 'kommunal', children0to2: 1, children3to5: 2 });
  const insp = newInspection('INST-A', { notes: 'Barnet Peter Hansen græd hele formiddagen' } as never);
  const { id, rev: _r, updatedAt: _u, ...fields } = insp;
  await admin.push('device-log-test', [mutation('inspection', id, 0, fields)]);
  // Refused requests too: a wrong password, a bad body.
  await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'forkert-men-hemmelig' } });
  await admin.push('device-log-test', [{ ...mutation('inspection', uuidv7(), 0, { notes: 'Fri tekst om Peter' }), baseRev: -1 }]);
  await admin.get('/api/auth/me');

  expect(lines.length).toBe(7);
  const all = lines.join('\n');
  for (const secret of [token, ADMIN_PASSWORD, PASSWORD, 'forkert-men-hemmelig', 'Peter', 'Hemmeligsen', 'Solsikken', 'Bearer']) expect(all).not.toContain(secret);
  // Who asked is logged by id (for the audit of a request), not by name.
  expect(parsed().filter((l) => l.url === '/api/auth/me')[0]).toMatchObject({ statusCode: 200, userId: expect.any(String) });
});

it('at level warn writes no line for a routine answer, and a 500 still with its fields', async () => {
  const warnLines: string[] = [];
  const quiet = await startApp(db, { logStream: { write: (line) => void warnLines.push(line) }, logLevel: 'warn' });
  try {
    quiet.get('/api/test/kaboom', async () => {
      throw new Error('Kaboom ved warn');
    });
    expect((await quiet.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await quiet.inject({ method: 'GET', url: '/api/findes-ikke' })).statusCode).toBe(404);
    expect(warnLines).toHaveLength(0);
    const res = await quiet.inject({ method: 'GET', url: '/api/test/kaboom', headers: { 'x-forwarded-for': '10.1.2.3' } });
    expect(res.statusCode).toBe(500);
    const mine = warnLines.map((l) => JSON.parse(l) as Record<string, unknown> & { err?: { message?: string } });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 50, method: 'GET', url: '/api/test/kaboom', statusCode: 500, ip: '127.0.0.1' });
    expect(mine[0]!.err?.message).toBe('Kaboom ved warn');
  } finally {
    await quiet.close();
  }
});
