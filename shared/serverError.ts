import { i18n, keyed, translate, type MessageRef } from './i18n/i18n';
import { ErrorBodySchema, type ErrorBody, type Issue } from './sync/wire';

/*
 * What a failed call to the Tilsyn server means for the user, decided in one place for every
 * caller (the sync algorithm in clientCore.ts and the renderer's serverClient.ts): the message in
 * the UI language (resources `errors`), the fields the server named, and whether trying again later may help.
 */

/**
 * offline: no answer (network down, timeout); auth: log in again (401); server: busy or broken
 * (408, 429, 5xx); refused: the server would not take the request (other 4xx); protocol: an answer
 * that is not what a Tilsyn server sends.
 */
export type ServerProblemKind = 'offline' | 'auth' | 'server' | 'refused' | 'protocol';

export interface ServerProblem {
  kind: ServerProblemKind;
  /** True when trying again later may help (network, timeout, 408, 429, 5xx); false when the user must act. */
  retryable: boolean;
  /** HTTP status; absent when there was no answer. */
  status?: number;
  /** Ready to show, in the UI language when the server's `code` is known to the resources (else the server's Danish text). */
  message: string;
  /** The message's key when it came from the resources: shownMessage() draws it in the language in use. */
  text?: MessageRef;
  /** The server's `code` (e.g. `optaget`, `ugyldig_aendring`). */
  code?: string;
  /** The server's schema issues, by field path. */
  issues: Issue[];
  /** The whole error body when the server sent one (push's `errors` and `records`). */
  body?: ErrorBody;
  /** The answer's JSON as sent, for a caller that reads more than the common body (an import's `problems`). */
  json?: unknown;
}


/** A call that failed, carrying what it means. Thrown by the renderer's server client and its sync transport. */
export class ServerError extends Error {
  constructor(readonly problem: ServerProblem) {
    super(problem.message);
    this.name = 'ServerError';
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** No answer at all. `message` lets a caller say what no answer means where it is (e.g. at login). */
export function offlineProblem(timedOut = false, message?: string): ServerProblem {
  return { kind: 'offline', retryable: true, ...(message === undefined ? keyed(timedOut ? 'errors:timeout' : 'errors:offline') : { message }), issues: [] };
}

/** An answer that should have been a Tilsyn reply but could not be read. */
export function unreadableProblem(status: number): ServerProblem {
  return { kind: 'protocol', retryable: false, status, ...keyed('errors:unreadable'), issues: [] };
}

/** An HTTP error answer (status ≥ 400), with or without the server's `ErrorBodySchema` body. */
export function problemFromResponse(status: number, json: unknown): ServerProblem {
  const parsed = ErrorBodySchema.safeParse(json);
  const body = parsed.success ? parsed.data : undefined;
  const kind: ServerProblemKind = status === 401 ? 'auth' : isRetryableStatus(status) ? 'server' : 'refused';
  const known = body?.code ? knownCodeMessage(body.code) : undefined;
  // A field issue that repeats the coded message (e.g. forkert_adgangskode on oldPassword) is told in the same language;
  // one that names its resource key (a password rule) is worded from it.
  const issues = (body?.issues ?? []).map((i) => (known && i.message === body?.error ? { ...i, message: known.message } : { ...i, message: issueText(i) }));
  // No known code, but every issue worded here: their text, in place of the server's Danish sentence around them
  // (one issue keeps its key, so shownMessage words it again after a language switch).
  const worded = !known && issues.length > 0 && issues.every((i) => i.key && i18n.exists(i.key));
  const fromIssues = !worded ? undefined : issues.length === 1 ? { message: issues[0]!.message, text: { key: issues[0]!.key!, ...(issues[0]!.params ? { params: issues[0]!.params } : {}) } } : { message: issues.map((i) => i.message).join('; ') };
  return {
    kind,
    retryable: isRetryableStatus(status),
    status,
    ...(known ?? fromIssues ?? (body?.error !== undefined ? { message: body.error } : fallbackMessage(status))),
    ...(body?.code ? { code: body.code } : {}),
    issues,
    ...(body ? { body } : {}),
    ...(json !== undefined ? { json } : {}),
  };
}

/**
 * The message of a server `code` that always means one thing, in the UI language; undefined for a
 * code the resources do not know (the caller shows the server's own Danish text then).
 */
function knownCodeMessage(code: string): { message: string; text: MessageRef } | undefined {
  const key = `errors:code.${code}`;
  return i18n.exists(key) ? keyed(key) : undefined;
}

/** A server issue in the UI language when it names a key the resources know, else as the server wrote it. */
export function issueText(issue: Issue): string {
  return issue.key && i18n.exists(issue.key) ? translate(issue.key, issue.params ?? {}) : issue.message;
}

function fallbackMessage(status: number): { message: string; text: MessageRef } {
  if (status === 401) return keyed('errors:status.unauthorized');
  if (status === 403) return keyed('errors:status.forbidden');
  if (status === 404) return keyed('errors:status.notFound');
  if (status === 408 || status === 429) return keyed('errors:status.busy');
  if (status >= 500) return keyed('errors:status.serverFault', { status });
  return keyed('errors:status.refused', { status });
}
