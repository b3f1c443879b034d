import { ErrorBodySchema, type ErrorBody, type Issue } from './sync/wire';

/*
 * What a failed call to the Tilsyn server means for the user, decided in one place for every
 * caller (the sync algorithm in clientCore.ts and the renderer's serverClient.ts): the Danish
 * message, the fields the server named, and whether trying again later may help.
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
  /** Danish, ready to show. */
  message: string;
  /** The server's `code` (e.g. `optaget`, `ugyldig_aendring`). */
  code?: string;
  /** The server's schema issues, by field path. */
  issues: Issue[];
  /** The whole error body when the server sent one (push's `errors` and `records`). */
  body?: ErrorBody;
}

export const OFFLINE_MESSAGE = 'Serveren kan ikke nås. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.';
export const TIMEOUT_MESSAGE = 'Serveren svarede ikke i tide. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.';
export const UNREADABLE_MESSAGE = 'Serverens svar kunne ikke læses. Er adressen en Tilsyn-server?';

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
  return { kind: 'offline', retryable: true, message: message ?? (timedOut ? TIMEOUT_MESSAGE : OFFLINE_MESSAGE), issues: [] };
}

/** An answer that should have been a Tilsyn reply but could not be read. */
export function unreadableProblem(status: number): ServerProblem {
  return { kind: 'protocol', retryable: false, status, message: UNREADABLE_MESSAGE, issues: [] };
}

/** An HTTP error answer (status ≥ 400), with or without the server's `ErrorBodySchema` body. */
export function problemFromResponse(status: number, json: unknown): ServerProblem {
  const parsed = ErrorBodySchema.safeParse(json);
  const body = parsed.success ? parsed.data : undefined;
  const kind: ServerProblemKind = status === 401 ? 'auth' : isRetryableStatus(status) ? 'server' : 'refused';
  return {
    kind,
    retryable: isRetryableStatus(status),
    status,
    message: body?.error ?? fallbackMessage(status),
    ...(body?.code ? { code: body.code } : {}),
    issues: body?.issues ?? [],
    ...(body ? { body } : {}),
  };
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Log ind igen for at fortsætte.';
  if (status === 403) return 'Du har ikke adgang til dette.';
  if (status === 404) return 'Serveren kender ikke det, der blev bedt om.';
  if (status === 408 || status === 429) return 'Serveren har travlt. Appen prøver igen om lidt.';
  if (status >= 500) return `Serveren har en fejl (${status}). Appen prøver igen om lidt.`;
  return `Serveren afviste forespørgslen (${status}).`;
}
