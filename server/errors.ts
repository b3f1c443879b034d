import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { translate } from '../shared/i18n/i18n';
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

/** A refusal whose code always means one thing: its message comes from the resources (`errors:code.<code>`, Danish on the server), and the client shows the same key in its UI language. */
export function codedError(statusCode: number, code: string, extra: Omit<ErrorBody, 'error' | 'code'> = {}, headers: Record<string, string> = {}): HttpError {
  return new HttpError(statusCode, translate(`errors:code.${code}`), { code, ...extra }, headers);
}

/** zod's issues as the wire's; a custom issue that carries `params.key` (and `params.params`) passes them on, for the client to word. */
export function issuesOf(error: ZodError): Issue[] {
  return error.issues.map((i) => {
    const keyed = i.code === 'custom' && typeof i.params?.key === 'string' ? { key: i.params.key as string, ...(i.params.params ? { params: i.params.params as Issue['params'] } : {}) } : {};
    return { path: i.path.map(String).join('.'), message: i.message, ...keyed };
  });
}

/** "felt: besked; felt: besked" for a one-line reason. */
export function describeIssues(issues: Issue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/** Fastify's parser errors: status; the message is `errors:code.<Fastify code>`. */
const FASTIFY_STATUS: Record<string, number> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_JSON_BODY: 400,
  FST_ERR_CTP_EMPTY_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
};

/**
 * One error handler for the whole server: zod → 400 with the issues, our HttpError → its status,
 * Fastify's parser errors → 4xx in Danish (messages from the `errors` resources), anything else → 500 without internals (logged with its stack).
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
      const what = request.routeOptions.config.invalid ?? translate('errors:server.invalidRequest');
      body = { error: `${what}: ${describeIssues(issues)}`, code: 'ugyldig', issues };
    } else {
      const fe = error as FastifyError;
      const known = fe.code ? FASTIFY_STATUS[fe.code] : undefined;
      if (known && fe.code) {
        status = known;
        body = { error: translate(`errors:code.${fe.code}`), code: fe.code };
      } else if (error instanceof SyntaxError || (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)) {
        status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 400;
        body = { error: translate('errors:server.unreadableRequest'), code: fe.code };
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
        body = { error: translate('errors:code.serverfejl'), code: 'serverfejl' };
      }
    }
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: translate('errors:server.noSuchAddress', { method: request.method, path: request.url.split('?')[0] }), code: 'findes_ikke' } satisfies ErrorBody);
  });
}
