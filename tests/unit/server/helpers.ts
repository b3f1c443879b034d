import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../../server/app';
import { uuidv7 } from '../../../shared/ids';
import type { Inspection } from '../../../shared/inspection';
import type { Institution } from '../../../shared/institution';
import type { RecordType } from '../../../shared/records';
import type { Mutation, PullResponse, PushResponse } from '../../../shared/sync/wire';
import type { SyncFetch } from '../../../shared/sync/clientCore';

export const ADMIN_PASSWORD = 'admin-password-123';
export const PASSWORD = 'hemmelig-kode-42';

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  label: string;
  /** Why this dialect's tests are skipped here, or null. */
  skip: string | null;
}

const PG_URL = process.env.TEST_DATABASE_URL;
export const DIALECTS: DialectCase[] = [
  { name: 'sqlite', label: 'SQLite', skip: null },
  {
    name: 'postgres',
    label: PG_URL ? 'PostgreSQL' : 'PostgreSQL (SPRUNGET OVER: TEST_DATABASE_URL er ikke sat; kør eval "$(bash .ci/postgres.sh)")',
    skip: PG_URL ? null : 'TEST_DATABASE_URL er ikke sat',
  },
];

/** describe.each over the dialects; a dialect that cannot run here shows every test as skipped, with the reason in the title. */
export function describeDialects(name: string, fn: (d: DialectCase) => void): void {
  describe.each(DIALECTS.map((d) => [d.label, d] as const))(`${name} · %s`, (_label, d) => {
    describe.skipIf(d.skip !== null)(d.skip ?? d.name, () => fn(d));
  });
}

/** A fresh database for one app: a temp folder (SQLite) or a new PostgreSQL database with a random name. */
export interface FreshDatabase {
  options: Pick<AppOptions, 'databaseUrl' | 'dataDir'>;
  drop(): Promise<void>;
  /** A new database with a copy of this one's content (no app may have it open). */
  copy(): Promise<FreshDatabase>;
}

async function pgQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function sqliteDatabase(dir: string): FreshDatabase {
  return {
    options: { dataDir: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
    copy: async () => {
      const to = mkdtempSync(path.join(tmpdir(), 'tilsyn-test-'));
      copyFileSync(path.join(dir, 'tilsyn.sqlite'), path.join(to, 'tilsyn.sqlite'));
      return sqliteDatabase(to);
    },
  };
}

function postgresDatabase(name: string): FreshDatabase {
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    // A backend of the cluster's own (e.g. an autovacuum worker) may hold the database for a moment:
    // FORCE is then refused for want of a permission; it is gone after a short wait.
    drop: async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await pgQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } catch (error) {
          if (attempt > 40 || !/must be a member of the role|being accessed by other users/.test(String(error))) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    copy: async () => {
      const to = pgName();
      // The template's last connections may take a moment to go away after the pool closed.
      for (let attempt = 0; ; attempt++) {
        try {
          await pgQuery(`CREATE DATABASE ${to} TEMPLATE ${name}`);
          break;
        } catch (error) {
          if (attempt > 40 || !String(error).includes('being accessed by other users')) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      return postgresDatabase(to);
    },
  };
}

const pgName = () => `tilsyn_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export async function freshDatabase(d: DialectCase): Promise<FreshDatabase> {
  if (d.name === 'sqlite') return sqliteDatabase(mkdtempSync(path.join(tmpdir(), 'tilsyn-test-')));
  const name = pgName();
  await pgQuery(`CREATE DATABASE ${name}`);
  return postgresDatabase(name);
}

export async function startApp(db: FreshDatabase, extra: AppOptions = {}): Promise<FastifyInstance> {
  // Tests play clients on other machines over inject's plain HTTP; the TLS rule itself is tested in transport.test.ts.
  return buildApp({ ...db.options, adminPassword: ADMIN_PASSWORD, print: () => {}, rendererDir: '/nonexistent', allowInsecureHttp: true, ...extra });
}

/**
 * Registers the hooks for a fresh database and app per test. With `world`, every test starts from a
 * copy of a database in which setupWorld() has run once (institutions, users, tokens), which saves
 * the password hashing and logins per test; `s.world` holds the tokens.
 */
export function useServer(d: DialectCase, extra: AppOptions = {}, opts: { world?: boolean } = {}) {
  const state: { app?: FastifyInstance; db?: FreshDatabase; template?: FreshDatabase; world?: World } = {};
  if (opts.world) {
    beforeAll(async () => {
      const db = await freshDatabase(d);
      const app = await startApp(db, extra);
      state.world = await setupWorld(app);
      await app.close();
      state.template = db;
    });
    afterAll(async () => {
      await state.template?.drop();
    });
  }
  beforeEach(async () => {
    state.db = state.template ? await state.template.copy() : await freshDatabase(d);
    state.app = await startApp(state.db, extra);
  });
  afterEach(async () => {
    await state.app?.close();
    await state.db?.drop();
    state.app = undefined;
  });
  return {
    get app(): FastifyInstance {
      return state.app!;
    },
    /** The tokens and user ids of setupWorld() (only with `{ world: true }`). */
    get world(): World {
      if (!state.world) throw new Error('useServer(d, …, { world: true }) is needed for s.world');
      return state.world;
    },
    get database(): FreshDatabase {
      return state.db!;
    },
    /** Close and build the app again on the same database (a server restart). */
    async restart(): Promise<FastifyInstance> {
      await state.app!.close();
      state.app = await startApp(state.db!, extra);
      return state.app;
    },
  };
}

export type Api = ReturnType<typeof api>;

export function api(app: FastifyInstance, token?: string) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, body?: unknown) => app.inject({ method: 'POST', url, headers, payload: body as object }),
    patch: (url: string, body?: unknown) => app.inject({ method: 'PATCH', url, headers, payload: body as object }),
    push: async (clientId: string, mutations: Mutation[]) => app.inject({ method: 'POST', url: '/api/sync/push', headers, payload: { clientId, mutations } }),
    pull: async (cursor = 0, limit = 500, epoch?: number) =>
      app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&limit=${limit}${epoch === undefined ? '' : `&epoch=${epoch}`}`, headers }),
  };
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

export function institution(id: string, name = `Institution ${id}`): Institution {
  return { id, name, type: 'integreret', ownership: 'kommunal', children0to2: 10, children3to5: 20, rev: 0 };
}

export function newInspection(institutionId: string, over: Partial<Inspection> = {}): Inspection {
  return {
    id: uuidv7(),
    rev: 0,
    updatedAt: new Date().toISOString(),
    institutionId,
    frameworkId: 'v1',
    visitType: 'anmeldt',
    kind: 'ordinaer',
    date: '2025-03-04',
    consultants: ['Karen Konsulent'],
    participants: [],
    status: 'i_gang',
    ...over,
  };
}

export function mutation(recordType: RecordType, recordId: string, baseRev: number, fields: Record<string, unknown>, extra: Partial<Mutation> = {}): Mutation {
  return { mutationId: uuidv7(), recordType, recordId, baseRev, fields, ...extra };
}

export interface World {
  admin: string;
  konsulentA: string;
  konsulentB: string;
  lederA: string;
  lederB: string;
  users: Record<string, string>;
}

/**
 * Two institutions A and B, a konsulent assigned to each, a leder of each, and the admin.
 * Logins return tokens.
 */
export async function setupWorld(app: FastifyInstance): Promise<World> {
  const admin = await login(app, 'admin', ADMIN_PASSWORD);
  const a = api(app, admin);
  for (const id of ['INST-A', 'INST-B']) {
    const res = await a.post('/api/admin/institutions', institution(id));
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const users: Record<string, string> = {};
  const specs = [
    { username: 'konsulent-a', role: 'konsulent', institutionIds: ['INST-A'] },
    { username: 'konsulent-b', role: 'konsulent', institutionIds: ['INST-B'] },
    { username: 'leder-a', role: 'leder', institutionIds: ['INST-A'] },
    { username: 'leder-b', role: 'leder', institutionIds: ['INST-B'] },
  ];
  for (const s of specs) {
    const res = await a.post('/api/admin/users', { ...s, displayName: s.username, password: PASSWORD });
    if (res.statusCode !== 201) throw new Error(res.body);
    users[s.username] = res.json().id;
  }
  return {
    admin,
    konsulentA: await login(app, 'konsulent-a'),
    konsulentB: await login(app, 'konsulent-b'),
    lederA: await login(app, 'leder-a'),
    lederB: await login(app, 'leder-b'),
    users,
  };
}

export function pushBody(res: LightMyRequestResponse): PushResponse {
  if (res.statusCode !== 200) throw new Error(`push: ${res.statusCode} ${res.body}`);
  return res.json() as PushResponse;
}

/** Every page of a pull from `cursor`, concatenated. */
export async function pullAll(app: FastifyInstance, token: string, cursor = 0, limit = 500): Promise<PullResponse> {
  const all: PullResponse = { changes: [], institutions: [], frameworks: [], goals: [], tilsynsrammer: [], conflicts: [], scope: { all: false, institutionIds: [], epoch: 0 }, reset: false, nextCursor: cursor, hasMore: false };
  for (;;) {
    const res = await api(app, token).pull(all.nextCursor, limit);
    if (res.statusCode !== 200) throw new Error(`pull: ${res.statusCode} ${res.body}`);
    const page = res.json() as PullResponse;
    all.changes.push(...page.changes);
    all.institutions.push(...page.institutions);
    all.frameworks.push(...page.frameworks);
    all.goals.push(...(page.goals ?? []));
    all.tilsynsrammer.push(...(page.tilsynsrammer ?? []));
    all.conflicts.push(...page.conflicts);
    all.scope = page.scope;
    all.nextCursor = page.nextCursor;
    if (!page.hasMore) return all;
  }
}

/** A SyncFetch over app.inject, so clientCore talks to the real app without a socket. */
export function injectFetch(getApp: () => FastifyInstance, token: string): SyncFetch {
  return async (url, init) => {
    const res = await getApp().inject({
      method: init.method,
      url,
      headers: { ...init.headers, authorization: `Bearer ${token}` },
      ...(init.body === undefined ? {} : { payload: init.body }),
    });
    return { status: res.statusCode, json: async () => JSON.parse(res.body) as unknown };
  };
}

/** Rows in a table, for "nothing was stored" checks. */
export async function countRows(app: FastifyInstance, table: 'records' | 'mutations' | 'conflicts' | 'record_revisions'): Promise<number> {
  const r = await app.tilsyn.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Runs the real `server/main.ts` in a child process with `args` until it exits (a command such as
 * --reset-admin-password) or prints that it listens (then it is stopped). Env defaults: loopback, a
 * free port, no admin password, no DATABASE_URL.
 */
export function runServerMain(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'server/main.ts', ...args], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', TILSYN_ADMIN_PASSWORD: '', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Tilsyn kører på')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}
