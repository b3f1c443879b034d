/*
 * A light sync client for the multi-process test and bench: the real wire protocol
 * (shared/sync/wire.ts: push bodies with the protocol version, pull pages parsed by the shared zod
 * schema) over HTTPS through the load balancer, one kept-alive connection per device as a real
 * device has. No local database: the caller keeps what it needs (which changes it pulled).
 */
import { Agent, request } from 'node:https';
import { PROTOCOL_VERSION, PullResponseSchema, PushResponseSchema, type Change, type Mutation, type PushResponse } from '../../shared/sync/wire';

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

export class WireClient {
  private readonly agent: Agent;
  /** Milliseconds of every request this client made. */
  readonly requestMs: number[] = [];

  constructor(
    readonly base: string,
    ca: string,
    public token = '',
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
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
          headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - t0;
            this.requestMs.push(ms);
            const text = Buffer.concat(chunks).toString('utf8');
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
    return PushResponseSchema.parse(a.body);
  }

  /** Pulls pages from `cursor` until the server has no more; returns every change in the order it came. */
  async pullAll(cursor: number, epoch?: number, limit = 500): Promise<{ changes: Change[]; cursor: number; epoch: number; reset: boolean }> {
    const changes: Change[] = [];
    let reset = false;
    for (;;) {
      const a = await this.request('GET', `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=${cursor}&limit=${limit}${epoch === undefined ? '' : `&epoch=${epoch}`}`);
      if (a.status !== 200) throw new Error(`pull: ${a.status} ${JSON.stringify(a.body)}`);
      const page = PullResponseSchema.parse(a.body);
      changes.push(...page.changes);
      reset ||= page.reset;
      cursor = page.nextCursor;
      epoch = page.scope.epoch;
      if (!page.hasMore) return { changes, cursor, epoch, reset };
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
