/*
 * The load generator's device for the multi-process bench (support/multiServerWorker.ts): the same
 * wire protocol as tests/support/wireClient.ts (push bodies with the protocol version, pull pages
 * to the head) over its own TLS connection, kept alive, but HTTP/1.1 written and read by hand on
 * one `tls.connect` socket instead of node:https (answers unpacked by their Content-Encoding).
 * Measured on 1,000 devices against nginx with canned answers (docs/deployment.md §4,
 * "Measured"): node:https ~1.9 ms CPU per device (a full handshake, a push and a pull), undici
 * ~1.8, this ~1.2, of which the TLS handshake alone is ~1.0.
 * The CPU the load generator saves goes to the servers it measures (they share the two cores).
 *
 * TLS: the chain is verified by OpenSSL against the run's certificate (`secureContext`, rejected
 * otherwise), and nginx's certificate is that very self-signed certificate, so Node's separate
 * host-name check (getPeerCertificate turned into a JavaScript object, ~0.3 ms per handshake, a
 * quarter of the load generator's handshake) adds nothing here and is left out.
 */
import { connect, type SecureContext, type TLSSocket } from 'node:tls';
import { DEVICE_ACCEPT_ENCODING, unpacked } from '../../support/wireClient';
import { PROTOCOL_VERSION, type Change, type Mutation, type PullResponse, type PushResponse } from '../../../shared/sync/wire';

interface Waiting {
  resolve: (a: { status: number; body: string }) => void;
  reject: (e: Error) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class LeanWireClient {
  /** The connection requests go out on, once its handshake is done; `current` from its start. */
  private socket: TLSSocket | null = null;
  private current: TLSSocket | null = null;
  private connecting: Promise<TLSSocket> | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: Waiting | null = null;
  private readonly host: string;
  private readonly port: number;
  private readonly head: string;
  /** Milliseconds of every request this client made. */
  readonly requestMs: number[] = [];
  /** Connections that resumed an earlier TLS session (no certificate sent or checked). */
  resumedConnections = 0;
  /** The TLS session to resume on the next connection (`resume`: kept from the last one). */
  private session: Buffer | undefined;

  constructor(
    base: string,
    token: string,
    private readonly secureContext: SecureContext,
    private readonly resume = false,
  ) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port) || 443;
    // The device's Accept-Encoding, as wireClient.ts sends it: compressing is part of the server's work.
    this.head = ` HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nAccept-Encoding: ${DEVICE_ACCEPT_ENCODING}\r\n`;
  }

  private open(): Promise<TLSSocket> {
    this.connecting ??= new Promise<TLSSocket>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, servername: 'localhost', secureContext: this.secureContext, checkServerIdentity: () => undefined, ...(this.session ? { session: this.session } : {}) });
      if (this.resume) socket.on('session', (session: Buffer) => (this.session = session));
      // Node calls it before checkServerIdentity on every full handshake, whatever that function does.
      (socket as unknown as { getPeerCertificate: () => object }).getPeerCertificate = () => ({});
      socket.setNoDelay(true);
      this.current = socket;
      const fail = (error: Error) => {
        reject(error);
        if (this.current !== socket) return;
        this.drop();
        const w = this.waiting;
        this.waiting = null;
        w?.reject(error);
      };
      socket.once('secureConnect', () => {
        if (this.current === socket) this.socket = socket;
        if (socket.isSessionReused()) this.resumedConnections++;
        resolve(socket);
      });
      socket.on('data', (chunk: Buffer) => {
        if (this.current !== socket) return;
        this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
        this.parse();
      });
      socket.on('error', fail);
      socket.on('close', () => fail(new Error('forbindelsen blev lukket')));
    });
    return this.connecting;
  }

  /** Forgets the connection (the next request opens a new one) and closes it. */
  private drop(): void {
    const socket = this.current;
    this.current = null;
    this.socket = null;
    this.connecting = null;
    this.buffer = Buffer.alloc(0);
    socket?.destroy();
  }

  /** One whole answer in the buffer (Content-Length or chunked): hand it to the request waiting. */
  private parse(): void {
    if (!this.waiting) return;
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end).toLowerCase();
    const status = Number(head.slice(9, 12));
    let body: Buffer;
    let rest: number;
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    if (length) {
      rest = end + 4 + Number(length[1]);
      if (this.buffer.length < rest) return;
      body = this.buffer.subarray(end + 4, rest);
    } else if (/\r\ntransfer-encoding: *chunked/.test(head)) {
      const parts: Buffer[] = [];
      let at = end + 4;
      for (;;) {
        const line = this.buffer.indexOf('\r\n', at);
        if (line < 0) return;
        const size = parseInt(this.buffer.toString('latin1', at, line), 16);
        if (this.buffer.length < line + 2 + size + 2) return;
        if (size === 0) {
          rest = line + 4;
          break;
        }
        parts.push(this.buffer.subarray(line + 2, line + 2 + size));
        at = line + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      rest = end + 4;
      body = Buffer.alloc(0);
    }
    this.buffer = this.buffer.subarray(rest);
    const w = this.waiting;
    this.waiting = null;
    // The server (or nginx) closes after this answer: the next request connects anew.
    if (/\r\nconnection: *close/.test(head)) this.drop();
    const encoding = /\r\ncontent-encoding: *([a-z]+)/.exec(head)?.[1];
    try {
      w.resolve({ status, body: unpacked(body, encoding).toString('utf8') });
    } catch (error) {
      w.reject(error as Error);
    }
  }

  private async request(method: 'GET' | 'POST', url: string, payload?: string): Promise<{ status: number; body: unknown }> {
    const t0 = performance.now();
    const socket = this.socket ?? (await this.open());
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => (this.waiting = { resolve, reject }));
    socket.write(payload === undefined ? `${method} ${url}${this.head}\r\n` : `${method} ${url}${this.head}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
    const { status, body } = await answer;
    this.requestMs.push(performance.now() - t0);
    let parsed: unknown = body;
    try {
      parsed = JSON.parse(body);
    } catch {
      // not JSON (nginx's own error page): kept as text
    }
    return { status, body: parsed };
  }

  async push(clientId: string, mutations: Mutation[]): Promise<PushResponse> {
    const a = await this.request('POST', '/api/sync/push', JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId, mutations }));
    if (a.status !== 200) throw new Error(`push: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body as PushResponse;
  }

  /**
   * A push that also asks for the first pull page from `cursor` (docs/sync-protocol.md §3a): a
   * device's sync in one request. The answer's `pull` is that page (pullAll goes on while it has more).
   */
  async pushWithPull(clientId: string, mutations: Mutation[], cursor: number, epoch: number, limit = 500): Promise<PushResponse & { pull: PullResponse }> {
    const a = await this.request('POST', '/api/sync/push', JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId, mutations, pull: { cursor, limit, epoch } }));
    if (a.status !== 200) throw new Error(`push: ${a.status} ${JSON.stringify(a.body)}`);
    const answer = a.body as PushResponse;
    if (!answer.pull) throw new Error('push: no pull page in the answer');
    return answer as PushResponse & { pull: PullResponse };
  }

  /** Pulls pages from `cursor` until the server has no more; returns every change in the order it came. */
  async pullAll(cursor: number, epoch: number, limit = 500): Promise<{ changes: Change[]; cursor: number }> {
    const changes: Change[] = [];
    for (;;) {
      const a = await this.request('GET', `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=${cursor}&limit=${limit}&epoch=${epoch}`);
      if (a.status !== 200) throw new Error(`pull: ${a.status} ${JSON.stringify(a.body)}`);
      const page = a.body as PullResponse;
      for (const c of page.changes) changes.push(c);
      cursor = page.nextCursor;
      epoch = page.scope.epoch;
      if (!page.hasMore) return { changes, cursor };
    }
  }

  /** Closes the connection (a `resume` client keeps its TLS session for the next one). */
  close(): void {
    this.drop();
  }

  /** GET, status and body (the health check of a device's first connection). */
  get(url: string): Promise<{ status: number; body: unknown }> {
    return this.request('GET', url);
  }
}
