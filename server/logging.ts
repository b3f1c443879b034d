import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/*
 * The request log (pino, Fastify's own logger): one JSON line per request, with the request id the
 * client sent (or one made here) and returned as `x-request-id`. Never tokens, passwords or free
 * text: bodies are not logged at all, and the paths that could carry them are redacted anyway.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  /** Log to stdout (the default of server/main.ts); off when neither this nor `logStream` is set. */
  logger?: boolean;
  /** Where the JSON lines go instead of stdout (tests capture the log with it). */
  logStream?: { write(line: string): void };
  /** Default env TILSYN_LOG_LEVEL, else `info`. */
  logLevel?: LogLevel;
}

/** What may never reach a log line, wherever a serializer or a future log call puts it. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'body',
  '*.body',
];

/** TILSYN_LOG_LEVEL, checked: a typo must not start a server that logs nothing. */
export function logLevelFromEnv(value: string | undefined): LogLevel {
  if (!value) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new Error(`TILSYN_LOG_LEVEL skal være en af ${LOG_LEVELS.join(', ')} (ikke "${value}")`);
}

/** A client's id is kept when it is short and plain (it ends up in log lines); otherwise a new one. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** pino's check (Fastify's type leaves it out); the logger of a server without logging has none: nothing is written. */
const infoEnabled = (request: FastifyRequest) => (request.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info') === true;

/**
 * Fastify's internal request lines ("incoming request", "request completed", "route not found")
 * become one line, written when the request is answered.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override routeNotFound(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const err = request.serverError ?? error;
    // At `warn` (TILSYN_LOG_LEVEL=warn, docs/deployment.md §4) a routine answer writes no line, so
    // none is built: `request.ip` alone parses X-Forwarded-For against the trusted proxies.
    if (!err && reply.statusCode < 500 && !infoEnabled(request)) return;
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ip: request.ip,
      ...(request.user ? { userId: request.user.id } : {}),
      ...(request.apiToken ? { apiTokenId: request.apiToken.id } : {}),
    };
    if (err) request.log.error({ ...line, err }, 'request failed');
    else if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.info(line, 'request');
  }
}

/** The Fastify options for the logger: off, stdout, or the given stream. */
export function loggerOptions(opts: LogOptions): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController'> {
  const on = opts.logger === true || opts.logStream !== undefined;
  return {
    genReqId: requestIdOf,
    logController: new OneLinePerRequest(),
    logger: on
      ? {
          level: opts.logLevel ?? logLevelFromEnv(process.env.TILSYN_LOG_LEVEL),
          redact: { paths: REDACTED_PATHS, censor: '[skjult]' },
          ...(opts.logStream ? { stream: opts.logStream } : {}),
        }
      : false,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The unexpected error a 500 answered (set by the error handler), logged with its stack. */
    serverError: Error | null;
  }
}

/** The request id goes back on every answer (app.ts sets it with the other fixed headers), so a user's report can be found in the log. */
export function registerRequestLog(app: FastifyInstance): void {
  app.decorateRequest('serverError', null);
}
