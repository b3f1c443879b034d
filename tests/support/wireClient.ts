/*
 * A light sync client for the multi-process test and bench: the real wire protocol
 * (shared/sync/wire.ts: push bodies with the protocol version, pull pages parsed by the shared zod
 * schema) over HTTPS through the load balancer, one kept-alive connection per device as a real
 * device has. No local database: the caller keeps what it needs (which changes it pulled).
 */
import { Agent, request } from 'node:https';
import type { SecureContext, TLSSocket } from 'node:tls';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PROTOCOL_VERSION, PullResponseSchema, PushResponseSchema, type Change, type Mutation, type PullResponse, type PushResponse } from '../../shared/sync/wire';

/**
 * What the desktop app's Chromium sends over HTTPS (its fetch adds it by itself). A load generator
 * that sent nothing would get every answer uncompressed and hide what compressing costs the server
 * (server/compression.ts). The server picks br or gzip (it offers no zstd).
 */
export const DEVICE_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

/** An answer's body as sent, unpacked by its Content-Encoding (br or gzip: what the server sends). */
export function unpacked(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  throw new Error(`ukendt Content-Encoding: ${encoding}`);
}

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

export interface WireClientOptions {
  /**
   * Parse every answer with the shared zod schemas (default). The bench's load generator turns it
   * off: it checks what it needs itself (every change's seq in order, every record once), and zod's
   * walk over each pulled page was ~9 % of its CPU, which the two cores then lack for the servers.
   */
  validate?: boolean;
  /** One TLS context shared by many clients (the CA parsed once, not once per device). */
  secureContext?: SecureContext;
}

export class WireClient {
  private readonly agent: Agent;
  private readonly validate: boolean;
  /** Milliseconds of every request this client made. */
  readonly requestMs: number[] = [];
  /** Connections that resumed an earlier TLS session (no certificate sent or checked). */
  resumedConnections = 0;

  constructor(
    readonly base: string,
    ca: string,
    public token = '',
    options: WireClientOptions = {},
  ) {
    this.validate = options.validate ?? true;
    this.agent = new Agent({ keepAlive: true, maxSockets: 1, ...(options.secureContext ? { secureContext: options.secureContext } : { ca }) });

  }

  request(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        this.base + url,
        {
          method,
          agent: this.agent,
          servername: 'localhost',
          headers: { 'accept-encoding': DEVICE_ACCEPT_ENCODING, ...(payload ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - t0;
            this.requestMs.push(ms);
            let text: string;
            try {
              text = unpacked(Buffer.concat(chunks), res.headers['content-encoding']).toString('utf8');
            } catch (error) {
              reject(error as Error);
              return;
            }
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON (nginx's own error page): kept as text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.once('socket', (socket: TLSSocket) => {
        if (!socket.connecting) return;
        socket.once('secureConnect', () => {
          if (socket.isSessionReused()) this.resumedConnections++;
        });
      });
      req.end(payload);
    });
  }

  async login(username: string, password: string): Promise<Answer> {
    const a = await this.request('POST', '/api/auth/login', { username, password });
    if (a.status === 200) this.token = (a.body as { token: string }).token;
    return a;
  }

  async push(clientId: string, mutations: Mutation[]): Promise<PushResponse> {
    const a = await this.request('POST', '/api/sync/push', { protocolVersion: PROTOCOL_VERSION, clientId, mutations });
    if (a.status !== 200) throw new Error(`push: ${a.status} ${JSON.stringify(a.body)}`);
    return this.validate ? PushResponseSchema.parse(a.body) : (a.body as PushResponse);
  }

  /**
   * A sync in one request (docs/sync-protocol.md §3a): the push carries the pull cursor and brings
   * the first page; GET /pull follows only while the server has more. Returns the push's answer and
   * every change pulled, in the order it came.
   */
  async sync(clientId: string, mutations: Mutation[], cursor: number, epoch?: number, limit = 500): Promise<{ push: PushResponse; changes: Change[]; cursor: number; epoch: number; reset: boolean }> {
    const a = await this.request('POST', '/api/sync/push', { protocolVersion: PROTOCOL_VERSION, clientId, mutations, pull: { cursor, limit, ...(epoch === undefined ? {} : { epoch }) } });
    if (a.status !== 200) throw new Error(`push: ${a.status} ${JSON.stringify(a.body)}`);
    const push = this.validate ? PushResponseSchema.parse(a.body) : (a.body as PushResponse);
    const page = push.pull;
    if (!page) throw new Error('push: no pull page in the answer');
    if (!page.hasMore) return { push, changes: page.changes, cursor: page.nextCursor, epoch: page.scope.epoch, reset: page.reset };
    const rest = await this.pullAll(page.nextCursor, page.scope.epoch, limit);
    return { push, changes: [...page.changes, ...rest.changes], cursor: rest.cursor, epoch: rest.epoch, reset: page.reset || rest.reset };
  }

  /** Pulls pages from `cursor` until the server has no more; returns every change in the order it came. */
  async pullAll(cursor: number, epoch?: number, limit = 500): Promise<{ changes: Change[]; cursor: number; epoch: number; reset: boolean }> {
    const changes: Change[] = [];
    let reset = false;
    for (;;) {
      const a = await this.request('GET', `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=${cursor}&limit=${limit}${epoch === undefined ? '' : `&epoch=${epoch}`}`);
      if (a.status !== 200) throw new Error(`pull: ${a.status} ${JSON.stringify(a.body)}`);
      const page = this.validate ? PullResponseSchema.parse(a.body) : (a.body as PullResponse);
      changes.push(...page.changes);
      reset ||= page.reset;
      cursor = page.nextCursor;
      epoch = page.scope.epoch;
      if (!page.hasMore) return { changes, cursor, epoch, reset };
    }
  }

  /**
   * Closes the connection but keeps the TLS session (the agent's session cache): the next request
   * connects anew and resumes it, as a device does that synced before and woke from sleep.
   */
  disconnect(): void {
    this.agent.destroy();
  }

  close(): void {
    this.agent.destroy();
  }
}
