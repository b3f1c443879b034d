import type { LoginLimiter } from './auth/loginLimiter';
import type { DatabaseHandle } from './db/connect';

/** What the route plugins share (as `app.tilsyn`): the database and the login limiter. */
export interface ServerContext extends DatabaseHandle {
  limiter: LoginLimiter;
  /** Every route the server answers (method + url), for docs and the access tests. */
  routes: { method: string; url: string }[];
}

declare module 'fastify' {
  interface FastifyInstance {
    tilsyn: ServerContext;
  }
}
