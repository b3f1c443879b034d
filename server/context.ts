import type { Kysely } from 'kysely';
import type { LoginLimiter } from './auth/loginLimiter';
import type { DialectName } from './db/connect';
import type { Database } from './db/schema';

/** What the routes share: the database and the login limiter. */
export interface ServerContext {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives (file or postgres host/db), for messages. */
  location: string;
  limiter: LoginLimiter;
  /** Every route the server answers (method + url), for docs and the access tests. */
  routes: { method: string; url: string }[];
}

declare module 'fastify' {
  interface FastifyInstance {
    tilsyn: ServerContext;
  }
}
