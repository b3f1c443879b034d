import path from 'node:path';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { serializerCompiler } from 'fastify-type-provider-zod';
import rateLimit from '@fastify/rate-limit';
import { cspDirectives } from '../shared/csp';
import { FRAMEWORKS } from '../shared/frameworks/v1';
import { bootstrapAdmin } from './auth/bootstrapAdmin';
import { createOidcAdapter } from './auth/identity/oidcAdapter';
import { providerConfigFromEnv, type ProviderConfig } from './auth/identity/providerConfig';
import { LoginLimiter, limiterSettings, type LoginLimiterOptions } from './auth/loginLimiter';
import { databaseRateLimitStore } from './auth/rateLimitStore';
import { tokenPolicyFrom } from './auth/tokens';
import { parseTrustedProxies } from './auth/trustedProxies';
import type { ServerContext } from './context';
import { openDatabase, type DatabaseHandle } from './db/connect';
import { DatabaseHealth } from './db/health';
import { audit } from './audit/audit';
import { migrateToLatest } from './db/migrations';
import { withStartupLock } from './db/startupLock';
import { seedBuiltInFrameworks } from './admin/frameworks';
import { registerErrorHandler } from './errors';
import { staticFiles } from './staticFiles';
import { registerCompression } from './compression';
import { loggerOptions, registerRequestLog, type LogOptions } from './logging';
import { accountRoutes } from './routes/account';
import { adminRoutes } from './routes/admin';
import { apiTokenRoutes } from './routes/apiTokens';
import { authRoutes } from './routes/auth';
import { authSettingsRoutes } from './routes/authSettings';
import { providerLoginRoutes } from './routes/providerLogin';
import { exportRoutes } from './routes/export';
import { goalRoutes } from './routes/goals';
import { tilsynsrammeRoutes } from './routes/tilsynsrammer';
import { impartialityRoutes } from './routes/impartiality';
import { kalibreringRoutes } from './routes/kalibrering';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/import';
import { publicReportRoutes } from './routes/publicReports';
import { municipalityFrom, type MunicipalityOptions } from './publication/municipality';
import { statsRoutes } from './routes/stats';
import { committeeRoutes } from './routes/committee';
import { syncRoutes } from './routes/sync';
import { doubleScoringRoutes } from './routes/doubleScoring';
import { DEMO_PASSWORD_DEFAULT, seedDemo } from './seed/demo';
import { validatorCompiler } from './validate';

export interface AppOptions extends LogOptions {
  /** Folder with the built renderer; served at / when present. */
  rendererDir?: string;
  /** `postgres://…` for PostgreSQL; default env DATABASE_URL, else embedded SQLite. */
  databaseUrl?: string;
  /** Folder of the SQLite database; default env TILSYN_DATA_DIR, else ./data. */
  dataDir?: string;
  /** Password of the first forvaltning admin; default env TILSYN_ADMIN_PASSWORD, else random (printed once). */
  adminPassword?: string;
  /** Seed the demo data set and demo accounts when the database has no records. */
  demo?: boolean;
  /** Largest request body in bytes (default 1 MB): larger ones get 413. */
  bodyLimit?: number;
  loginLimit?: LoginLimiterOptions;
  /** Absolute lifetime of a login or API token in days; default env TILSYN_TOKEN_MAX_AGE_DAYS, else 365. */
  tokenMaxAgeDays?: number;
  /** Origins (e.g. the desktop app's) allowed to call the API from a browser context; default env TILSYN_ALLOWED_ORIGINS (comma-separated). */
  allowedOrigins?: string[];
  /**
   * Addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed (so limits and the audit
   * see the client's address); default env TILSYN_TRUSTED_PROXIES (comma-separated), else none.
   */
  trustedProxies?: string[];
  /** Allow password login over plain HTTP from other machines; default env TILSYN_ALLOW_INSECURE_HTTP=1. Off: only https (or a trusted proxy's X-Forwarded-Proto: https) or loopback. */
  allowInsecureHttp?: boolean;
  /**
   * The identity provider (docs/login.md): a parsed configuration, null for none; default from
   * TILSYN_OIDC_CONFIG_FILE or the TILSYN_OIDC_* variables.
   */
  identityProvider?: ProviderConfig | null;
  /** The municipality's name and logo file; default env TILSYN_KOMMUNE_NAVN and TILSYN_KOMMUNE_LOGO. */
  municipality?: MunicipalityOptions;
  /** Where startup messages go (default console.log). */
  print?: (line: string) => void;
  /** The double-scoring sampler's random source (default Math.random); tests seed it. */
  calibrationRandom?: () => number;
}

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const trustedProxies = opts.trustedProxies ?? parseTrustedProxies(process.env.TILSYN_TRUSTED_PROXIES);
  const tokenPolicy = tokenPolicyFrom(opts.tokenMaxAgeDays ?? process.env.TILSYN_TOKEN_MAX_AGE_DAYS);
  const providerConfig = opts.identityProvider === undefined ? providerConfigFromEnv(process.env) : opts.identityProvider;
  const municipality = municipalityFrom(opts.municipality);
  let appRef: FastifyInstance | null = null;
  const handle = openDatabase({
    databaseUrl: opts.databaseUrl ?? (process.env.DATABASE_URL || undefined),
    dataDir: opts.dataDir ?? (process.env.TILSYN_DATA_DIR || undefined),
    onBackgroundError: (error) => appRef?.log.warn({ err: error }, 'database connection lost; the pool reconnects on the next request'),
  });
  try {
    // Several processes may start at once on one database: they take turns (db/startupLock.ts).
    await withStartupLock(handle.db, handle.dialect, async () => {
      await migrateToLatest(handle.db);
      await seedBuiltInFrameworks(handle.db, FRAMEWORKS);
      const adminPassword = opts.adminPassword ?? (process.env.TILSYN_ADMIN_PASSWORD || undefined);
      const admin = await bootstrapAdmin(handle.db, adminPassword);
      if (!admin.created && admin.usersExisted && adminPassword) {
        print('TILSYN_ADMIN_PASSWORD har ingen virkning: administratoren findes allerede, og adgangskoden bruges kun ved første start.');
        print('  Nulstil administratorens adgangskode med: npm run server -- --reset-admin-password');
      }
      if (admin.created) {
        print(`Første start: administratoren "${admin.username}" (forvaltning) er oprettet.`);
        if (admin.generatedPassword) {
          print(`  Adgangskode: ${admin.generatedPassword}`);
          print('  Den vises kun denne ene gang. Log ind i Tilsyn med brugernavnet og adgangskoden, skift adgangskoden og opret brugere under administration.');
        } else {
          print('  Adgangskoden er den, der står i TILSYN_ADMIN_PASSWORD.');
        }
      }
      if (opts.demo) {
        const demoPassword = process.env.TILSYN_DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT;
        const seeded = await seedDemo(handle.db, demoPassword);
        if (seeded.seeded) {
          print(`Demodata indlæst på serveren: ${seeded.records} poster.`);
          for (const u of seeded.users) print(`  Demo-login (${u.role}): ${u.username} / ${u.password} – ${u.sees}`);
        }
      }
    });
  } catch (error) {
    await closeDatabase(handle);
    throw error;
  }

  const app = Fastify({ ...loggerOptions(opts), bodyLimit: opts.bodyLimit ?? 1024 * 1024, trustProxy: trustedProxies.length > 0 ? trustedProxies : false });
  appRef = app;
  const limits = limiterSettings(opts.loginLimit);
  // The per-IP login ceiling; routes opt in through ctx.limiter, nothing is limited globally.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(handle.db, limits.now) });
  const ipCeiling = app.createRateLimit({ max: limits.maxPerIp, timeWindow: limits.ipWindowMs });
  const ctx: ServerContext = {
    db: handle.db,
    readDb: handle.readDb,
    dialect: handle.dialect,
    location: handle.location,
    limiter: new LoginLimiter(handle.db, limits, ipCeiling, (request, username, until) =>
      audit(handle.db, request, { action: 'login.locked', actor: null, details: { username, until: new Date(until).toISOString() } }),
    ),
    tokenPolicy,
    health: new DatabaseHealth(handle),
    allowInsecureHttp: opts.allowInsecureHttp ?? process.env.TILSYN_ALLOW_INSECURE_HTTP === '1',
    identity: providerConfig ? { adapter: createOidcAdapter(providerConfig), config: providerConfig } : null,
    municipality,
    calibrationRandom: opts.calibrationRandom ?? Math.random,
    routes: [],
  };
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') ctx.routes.push({ method, url: route.url });
  });
  app.decorate('tilsyn', ctx);
  app.decorateRequest('user', null);
  app.decorateRequest('tokenHash', null);
  app.decorateRequest('apiToken', null);
  app.decorateRequest('providerProof', null);
  app.addHook('onClose', () => closeDatabase(handle));

  registerRequestLog(app);
  registerErrorHandler(app);
  // Request schemas are the shared zod schemas (Danish messages); replies are checked against theirs.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: anything else is a 415, not a string handed to the routes.
  app.removeContentTypeParser('text/plain');
  // The headers every answer carries, set by one plain hook (it runs for 404s and errors too):
  // helmet's security headers, the request id (server/logging.ts), and on API answers
  // `cache-control: no-store`. Running helmet's middleware on each request was ~12 setHeader calls
  // through node's validation, 4 % of a sync's server CPU (docs/server.md, "Measured: push cost").
  const pageHeaders = securityHeaders();
  const apiHeaders = { ...pageHeaders, 'cache-control': 'no-store' };
  app.addHook('onRequest', (request, reply, done) => {
    // API answers (errors, 404s and 429s too) carry tokens and personal data: never stored by a browser or proxy.
    void reply.headers(request.url.startsWith('/api/') ? apiHeaders : pageHeaders).header('x-request-id', request.id);
    done();
  });
  registerCors(app, opts.allowedOrigins ?? (process.env.TILSYN_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean));

  await registerCompression(app);
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(accountRoutes, { prefix: '/api/auth' });
  await app.register(providerLoginRoutes, { prefix: '/api/auth' });
  await app.register(syncRoutes, { prefix: '/api/sync' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(authSettingsRoutes, { prefix: '/api/admin' });
  await app.register(apiTokenRoutes, { prefix: '/api/admin/api-tokens' });
  await app.register(exportRoutes, { prefix: '/api/export' });
  await app.register(statsRoutes, { prefix: '/api/stats' });
  await app.register(committeeRoutes, { prefix: '/api/committee' });
  await app.register(importRoutes, { prefix: '/api/import' });
  await app.register(goalRoutes, { prefix: '/api' });
  await app.register(publicReportRoutes);
  await app.register(tilsynsrammeRoutes, { prefix: '/api' });
  await app.register(impartialityRoutes, { prefix: '/api' });
  await app.register(kalibreringRoutes, { prefix: '/api/kalibrering' });
  await app.register(doubleScoringRoutes, { prefix: '/api' });

  const dir = opts.rendererDir ?? path.resolve('dist/renderer');
  if (existsSync(path.join(dir, 'index.html'))) {
    await staticFiles(app, { root: dir });
  }
  return app;
}

/**
 * The read connection closes first: SQLite folds the WAL back into the database file only when its
 * last connection closes, and a read-only one cannot, so the file would be left behind (a copy of
 * the database file alone would then miss the latest writes).
 */
async function closeDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.readDb !== handle.db) await handle.readDb.destroy();
  await handle.db.destroy();
  if (handle.healthDb !== handle.db) await handle.healthDb.destroy();
}

/**
 * helmet's headers, worked out once (they do not depend on the request): the desktop shell's
 * policy (shared/csp.ts) with connect-src the server's own origin only. Not helmet's defaults: they
 * add upgrade-insecure-requests, which breaks plain HTTP on 127.0.0.1.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown;
  helmet({ contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() } })({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => void (failed = error));
  if (failed) throw failed as Error;
  return headers;
}

/** The API uses bearer tokens, not cookies; an allow-list of origins may call it cross-origin. */
function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !origins.includes(origin) || !request.url.startsWith('/api/')) return;
    void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      return reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST, PATCH')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
