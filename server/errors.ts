import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import type { ErrorBody, Issue } from '../shared/sync/wire';
import { databaseFault, type DatabaseFault } from './db/faults';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How a 400 for this route's request schemas starts, e.g. "Ugyldig bruger" (default "Ugyldig forespørgsel"). */
    invalid?: string;
  }
}

/** An answer with a 4xx status and a Danish reason, thrown from routes and services. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra: Omit<ErrorBody, 'error'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function issuesOf(error: ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** "felt: besked; felt: besked" for a one-line reason. */
export function describeIssues(issues: Issue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

const FASTIFY_MESSAGES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'Forespørgslen er for stor'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'Forespørgslen er ikke gyldig JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'Forespørgslen mangler indhold'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Indholdstypen understøttes ikke; send application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Content-Length passer ikke med indholdet'],
};

/**
 * One error handler for the whole server: zod → 400 with the issues, our HttpError → its status,
 * Fastify's parser errors → 4xx in Danish, anything else → 500 without internals (logged with its stack).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    let status: number;
    let body: ErrorBody;
    let fault: DatabaseFault | null;
    if (error instanceof HttpError) {
      status = error.statusCode;
      body = { error: error.message, ...error.extra };
      void reply.headers(error.headers);
    } else if (error instanceof ZodError) {
      status = 400;
      // The route's request schemas failed (server/validate.ts validatorCompiler).
      const issues = issuesOf(error);
      const what = request.routeOptions.config.invalid ?? 'Ugyldig forespørgsel';
      body = { error: `${what}: ${describeIssues(issues)}`, code: 'ugyldig', issues };
    } else {
      const fe = error as FastifyError;
      const known = fe.code ? FASTIFY_MESSAGES[fe.code] : undefined;
      if (known) {
        status = known[0];
        body = { error: known[1], code: fe.code };
      } else if (error instanceof SyntaxError || (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)) {
        status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 400;
        body = { error: 'Forespørgslen kunne ikke læses', code: fe.code };
      } else if ((fault = databaseFault(error))) {
        // The database is down, busy, full or read-only: the client keeps its work and retries.
        status = 503;
        body = { error: fault.message, code: `database_${fault.kind}` };
        void reply.header('retry-after', String(fault.retryAfterSeconds));
        request.log.warn({ err: error }, 'database fault');
      } else {
        status = 500;
        // Logged with its stack in the request's line (server/logging.ts); the client learns nothing of it.
        request.serverError = error;
        body = { error: 'Der opstod en uventet fejl på serveren. Prøv igen senere.', code: 'serverfejl' };
      }
    }
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: `Adressen findes ikke: ${request.method} ${request.url.split('?')[0]}`, code: 'findes_ikke' } satisfies ErrorBody);
  });
}
