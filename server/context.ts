import type { Kysely } from 'kysely';
import type { IdentityAdapter } from './auth/identity/adapter';
import type { ProviderConfig } from './auth/identity/providerConfig';
import type { LoginLimiter } from './auth/loginLimiter';
import type { TokenPolicy } from './auth/tokens';
import type { DialectName } from './db/connect';
import type { DatabaseHealth } from './db/health';
import type { Database } from './db/schema';
import type { MunicipalityConfig } from './publication/municipality';

/** What the routes share: the database, the login limiter and the database's health. */
export interface ServerContext {
  db: Kysely<Database>;
  /** Stand-alone reads (pull, token checks, statistics, exports): on SQLite a connection that never waits for the writer (db/connect.ts). */
  readDb: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives (file or postgres host/db), for messages. */
  location: string;
  limiter: LoginLimiter;
  /** TILSYN_ALLOW_INSECURE_HTTP=1: password login over plain HTTP from other machines (server/auth/transport.ts). */
  allowInsecureHttp: boolean;
  /** How long logins and API tokens live (TILSYN_TOKEN_MAX_AGE_DAYS beside the idle limit). */
  tokenPolicy: TokenPolicy;
  /** The database's state for /api/health (answers? writable?). */
  health: DatabaseHealth;
  /** The municipality's identity provider (docs/login.md), or null: passwords only. */
  identity: { adapter: IdentityAdapter; config: ProviderConfig } | null;
  /** The municipality's name, logo and public page slug (server/publication/municipality.ts). */
  municipality: MunicipalityConfig;
  /** The double-scoring sampler's random source (server/calibration/sampling.ts). */
  calibrationRandom: () => number;
  /** Every route the server answers (method + url), for docs and the access tests. */
  routes: { method: string; url: string }[];
}

declare module 'fastify' {
  interface FastifyInstance {
    tilsyn: ServerContext;
  }
}
