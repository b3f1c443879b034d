import type { z } from 'zod';
import { offlineProblem, problemFromResponse, ServerError, unreadableProblem } from '../../shared/serverError';
import type { SyncFetch } from '../../shared/sync/clientCore';

/*
 * The one way the renderer talks to the Tilsyn server: the address, the token, a timeout on every
 * call, and one reading of every failure (shared/serverError.ts). Features never call fetch
 * themselves, so "Failed to fetch" never reaches a user and every refusal names its fields.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;
/** A push may carry up to 1 MB and 200 mutations; give it longer than a list. */
export const SYNC_TIMEOUT_MS = 60_000;

export interface ServerClientOptions {
  /** e.g. "https://tilsyn.kommune.dk" (no trailing slash). */
  baseUrl: string;
  /** Bearer token; absent for login. */
  token?: string | null;
  timeoutMs?: number;
  /** What "no answer" (or no answer in time) means where this client is used: admin forms keep what was typed, but nothing is saved locally. */
  offlineMessage?: string;
}

export interface ServerClient {
  readonly baseUrl: string;
  /** A reply parsed with its shared schema; a failure or an unreadable reply throws a ServerError. */
  get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>>;
  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>>;
  patch<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>>;
  /** A file the server sends as text (a CSV export), as it came; a refusal throws a ServerError like the others. */
  getText(path: string): Promise<string>;
  /** A binary file (a PDF), as it came; a refusal throws a ServerError like the others. */
  getBytes(path: string): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * For the sync algorithm (shared/sync/clientCore.ts), which reads the statuses itself (413, a
   * refused batch): every HTTP answer is returned; a ServerError is thrown only when there is none.
   */
  transport: SyncFetch;
}

interface Answer {
  status: number;
  /** undefined for an empty body. */
  json: unknown;
  readable: boolean;
  /** The body as sent (for the text downloads). */
  text: string;
  /** The body's bytes, when asked for (a binary download). */
  bytes?: Uint8Array<ArrayBuffer>;
}

export function serverClient(options: ServerClientOptions): ServerClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function exchange(method: string, path: string, body: string | undefined, headers: Record<string, string>, limitMs: number, accept = 'application/json', binary = false): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          accept,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(body === undefined ? {} : { body }),
        signal: controller.signal,
      });
      // The timeout covers the body too: a server that sends headers and then stalls is no answer.
      const bytes = binary ? new Uint8Array(await res.arrayBuffer()) : undefined;
      if (bytes && res.status < 400) return { status: res.status, json: undefined, readable: true, text: '', bytes };
      const text = bytes ? new TextDecoder().decode(bytes) : await res.text();
      if (text === '') return { status: res.status, json: undefined, readable: true, text };
      try {
        return { status: res.status, json: JSON.parse(text) as unknown, readable: true, text };
      } catch {
        return { status: res.status, json: undefined, readable: false, text };
      }
    } catch {
      throw new ServerError(offlineProblem(timedOut, options.offlineMessage));
    } finally {
      clearTimeout(timer);
    }
  }

  async function call<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const answer = await exchange(method, path, body === undefined ? undefined : JSON.stringify(body), {}, timeoutMs);
    if (answer.status >= 400) throw new ServerError(problemFromResponse(answer.status, answer.json));
    const parsed = answer.readable ? schema.safeParse(answer.json) : null;
    if (!parsed?.success) throw new ServerError(unreadableProblem(answer.status));
    return parsed.data;
  }

  return {
    baseUrl,
    get: (path, schema) => call('GET', path, undefined, schema),
    post: (path, body, schema) => call('POST', path, body, schema),
    patch: (path, body, schema) => call('PATCH', path, body, schema),
    getText: async (path) => {
      const answer = await exchange('GET', path, undefined, {}, timeoutMs, 'text/csv, text/plain, application/json');
      if (answer.status >= 400) throw new ServerError(problemFromResponse(answer.status, answer.json));
      return answer.text;
    },
    getBytes: async (path) => {
      const answer = await exchange('GET', path, undefined, {}, timeoutMs, 'application/pdf, application/json', true);
      if (answer.status >= 400) throw new ServerError(problemFromResponse(answer.status, answer.json));
      return answer.bytes ?? new Uint8Array();
    },
    transport: async (path, init) => {
      const answer = await exchange(init.method, path, init.body, init.headers, options.timeoutMs ?? SYNC_TIMEOUT_MS);
      return {
        status: answer.status,
        json: async () => {
          if (!answer.readable) throw new ServerError(unreadableProblem(answer.status));
          return answer.json;
        },
      };
    },
  };
}
