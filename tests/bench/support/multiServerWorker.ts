/*
 * One load-generating process of the multi-process bench (tests/bench/multiServer.ts), forked with
 * tsx: it plays its share of the devices over the real wire protocol through the load balancer,
 * each on a TLS connection of its own (support/leanWireClient.ts). First it plays its share of the
 * untimed warm-up syncs of other users, each on a new connection, which warms the servers and its
 * own code alike.
 * Each device starts at its own moment (all of them within `spreadMs`), pushes its five changes in
 * one request that also brings the first pull page (docs/sync-protocol.md §3a), and pulls on by
 * GET only while the server has more: that is the timed sync. On "drain" every device pulls once
 * more (what others committed after its sync; a device whose sync failed first sends its changes
 * again) and the process reports what each device pulled.
 */
import { createSecureContext } from 'node:tls';
import { scoreCreation } from '../../support/syncLoad';
import type { Change, Mutation, PushResult } from '../../../shared/sync/wire';
import { LeanWireClient } from './leanWireClient';

export interface WorkerDevice {
  /** Index over all devices: the device starts at startAt + index / total × spreadMs. */
  index: number;
  token: string;
  clientId: string;
  inspectionId: string;
  cursor: number;
}

/** An untimed warm-up sync by another user (push 5 + pull from `cursor`), on a connection of its own. */
export interface WarmUpSync {
  token: string;
  clientId: string;
  inspectionId: string;
  cursor: number;
}

export type ToWorker =
  /**
   * `resumeTls`: each device connects once before the timed phase (as yesterday's sync did) and
   * drops the connection, keeping its TLS session: the timed sync opens a new connection that
   * resumes it. Otherwise every timed sync starts with a full TLS handshake (a device's first ever).
   */
  | { type: 'prepare'; base: string; ca: string; devices: WorkerDevice[]; resumeTls: boolean }
  /**
   * The warm-up before the timed phase runs through the load generators (`parallel` at a time in
   * each): the server processes are warm as after a day's work, and the load generator's own code
   * (TLS, requests) compiled by V8 like theirs, so that neither is measured cold.
   */
  | { type: 'warmUp'; base: string; ca: string; syncs: WarmUpSync[]; changes: number; parallel: number }
  | { type: 'run'; total: number; startAt: number; spreadMs: number; changes: number }
  | { type: 'resend' }
  | { type: 'drain' };

export interface DeviceOutcome {
  /** NaN (null after IPC) when the timed sync failed; `error` says why. */
  syncMs: number;
  /** `recordType:recordId` of every change pulled, timed sync and drain together. */
  pulled: string[];
  /** `recordType:recordId` of what it created. */
  created: string[];
  /** Why the timed sync failed. */
  syncError?: string;
  /** Why the device still failed after sending again (then it is left out of lost/doubled). */
  error?: string;
  /** The server acknowledged its changes (they must reach every device of its institution). */
  acknowledged: boolean;
  /** When its timed sync began (epoch ms, sub-millisecond): all of them must lie within the start spread. */
  startedAt: number;
  /** How much later than planned it began (the load generator's event loop busy with the devices before it). */
  lateMs: number;
  /** Pulled changes whose seq was not above the cursor sent or the change before, or above the cursor returned (must be 0). */
  outOfOrder: number;
}

export type FromWorker =
  /** `requestMs`: every request of the timed syncs. */
  | { type: 'prepared' }
  | { type: 'warmedUp' }
  | { type: 'synced'; requestMs: number[]; resumed: number }
  | { type: 'resent' }
  | { type: 'drained'; devices: DeviceOutcome[] };

const send = (m: FromWorker) => process.send!(m);

/** Gap-free and in order: every change of a pull from `from` lies above `from`, above the one before it, and at or below the cursor returned. */
function outOfOrder(from: number, page: { changes: readonly Change[]; cursor: number }): number {
  let bad = 0;
  let last = from;
  for (const c of page.changes) {
    if (c.seq <= last || c.seq > page.cursor) bad++;
    last = Math.max(last, c.seq);
  }
  return bad;
}

let clients: LeanWireClient[] = [];
/** One TLS context per process (the CA parsed once, not once per device). */
let secureContext: ReturnType<typeof createSecureContext> | undefined;
let state: { device: WorkerDevice; cursor: number; outcome: DeviceOutcome; unsent: Mutation[] }[] = [];

async function prepare(m: Extract<ToWorker, { type: 'prepare' }>) {
  const context = (secureContext ??= createSecureContext({ ca: m.ca }));
  clients = m.devices.map((d) => new LeanWireClient(m.base, d.token, context, m.resumeTls));
  state = m.devices.map((device) => ({ device, cursor: device.cursor, outcome: { syncMs: Number.NaN, pulled: [], created: [], acknowledged: false, outOfOrder: 0, startedAt: Number.NaN, lateMs: Number.NaN }, unsent: [] }));
  if (m.resumeTls) {
    for (let i = 0; i < clients.length; i += 25) {
      await Promise.all(
        clients.slice(i, i + 25).map(async (c) => {
          const a = await c.get('/api/health');
          if (a.status !== 200) throw new Error(`health: ${a.status}`);
        }),
      );
    }
    for (const c of clients) {
      c.close();
      c.requestMs.length = 0;
    }
  }
  send({ type: 'prepared' });
}

async function warmUp(m: Extract<ToWorker, { type: 'warmUp' }>) {
  const context = (secureContext ??= createSecureContext({ ca: m.ca }));
  let next = 0;
  await Promise.all(
    Array.from({ length: m.parallel }, async () => {
      while (next < m.syncs.length) {
        const w = m.syncs[next++]!;
        const client = new LeanWireClient(m.base, w.token, context);
        try {
          await syncOf(client, w.clientId, Array.from({ length: m.changes }, (_, n) => scoreCreation(w.inspectionId, n)), w.cursor, () => undefined);
        } finally {
          client.close();
        }
      }
    }),
  );
  send({ type: 'warmedUp' });
}

async function run(m: Extract<ToWorker, { type: 'run' }>) {
  await Promise.all(
    state.map(async (s, i) => {
      const client = clients[i]!;
      const planned = m.startAt + (s.device.index / m.total) * m.spreadMs;
      await new Promise((r) => setTimeout(r, Math.max(0, planned - Date.now())));
      const mutations = Array.from({ length: m.changes }, (_, n) => scoreCreation(s.device.inspectionId, n));
      s.outcome.created = mutations.map((mu) => `${mu.recordType}:${mu.recordId}`);
      const t0 = performance.now();
      s.outcome.startedAt = performance.timeOrigin + t0;
      s.outcome.lateMs = Date.now() - planned;
      s.unsent = mutations;
      try {
        const page = await syncOf(client, s.device.clientId, mutations, s.cursor, () => (s.unsent = []));
        s.outcome.syncMs = performance.now() - t0;
        s.outcome.outOfOrder += outOfOrder(s.cursor, page);
        s.cursor = page.cursor;
        s.outcome.pulled.push(...page.changes.map((c) => `${c.recordType}:${c.recordId}`));
      } catch (error) {
        s.outcome.syncError = String(error);
      }
    }),
  );
  send({ type: 'synced', requestMs: clients.flatMap((c) => c.requestMs), resumed: clients.reduce((a, c) => a + c.resumedConnections, 0) });
}

function checkApplied(results: readonly PushResult[]) {
  const bad = results.filter((r) => r.status !== 'applied');
  if (bad.length) throw new Error(`push: ${JSON.stringify(bad[0])}`);
}

async function pushAll(client: LeanWireClient, clientId: string, mutations: Mutation[]) {
  checkApplied((await client.push(clientId, mutations)).results);
}

/**
 * A device's sync: one request that pushes and brings the first pull page from `cursor`, then GET
 * pull only while the server has more. `acknowledged` runs once the push is answered (a later
 * failed GET must not send the changes again: they count as stored).
 */
async function syncOf(client: LeanWireClient, clientId: string, mutations: Mutation[], cursor: number, acknowledged: () => void): Promise<{ changes: Change[]; cursor: number }> {
  const answer = await client.pushWithPull(clientId, mutations, cursor, 0);
  checkApplied(answer.results);
  acknowledged();
  const page = answer.pull;
  if (!page.hasMore) return { changes: page.changes, cursor: page.nextCursor };
  const rest = await client.pullAll(page.nextCursor, page.scope.epoch);
  return { changes: [...page.changes, ...rest.changes], cursor: rest.cursor };
}

/** A device whose sync failed (a 503 under load) sends the same mutations again, as the app's outbox would: they count as stored only once. */
async function resend() {
  await Promise.all(
    state.map(async (s, i) => {
      for (let attempt = 1; s.unsent.length > 0; attempt++) {
        try {
          await pushAll(clients[i]!, s.device.clientId, s.unsent);
          s.unsent = [];
        } catch (error) {
          if (attempt >= 10) {
            s.outcome.error = String(error);
            return;
          }
          await new Promise((r) => setTimeout(r, 1000 * attempt + Math.random() * 1000));
        }
      }
    }),
  );
  for (const s of state) s.outcome.acknowledged = s.unsent.length === 0;
  send({ type: 'resent' });
}

/** Once every device has resent: one more pull each (with retries), of what others committed after its sync. */
async function drain() {
  await Promise.all(
    state.map(async (s, i) => {
      if (s.outcome.error) return;
      for (let attempt = 1; ; attempt++) {
        try {
          const page = await clients[i]!.pullAll(s.cursor, 0);
          s.outcome.outOfOrder += outOfOrder(s.cursor, page);
          s.cursor = page.cursor;
          s.outcome.pulled.push(...page.changes.map((c) => `${c.recordType}:${c.recordId}`));
          return;
        } catch (error) {
          if (attempt >= 10) {
            s.outcome.error = String(error);
            return;
          }
          await new Promise((r) => setTimeout(r, 1000 * attempt + Math.random() * 1000));
        }
      }
    }),
  );
  for (const c of clients) c.close();
  send({ type: 'drained', devices: state.map((s) => s.outcome) });
}

process.on('message', (m: ToWorker) => {
  const done = m.type === 'prepare' ? prepare(m) : m.type === 'warmUp' ? warmUp(m) : m.type === 'run' ? run(m) : m.type === 'resend' ? resend() : drain();
  // A failure here (a warm-up push refused) ends the process: the bench sees it exit.
  done.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
// Stopped by the bench: exit normally, so that --cpu-prof (TILSYN_BENCH_CPU_PROF) writes its profile.
process.once('SIGTERM', () => process.exit(0));
