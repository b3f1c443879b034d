/*
 * One load-generating process of the multi-process bench (tests/bench/multiServer.ts), forked with
 * tsx: it plays its share of the devices over the real wire protocol through the load balancer.
 * Each device starts at its own moment (all of them within `spreadMs`), pushes its five changes in
 * one request and pulls to the head: that is the timed sync. On "drain" every device pulls once
 * more (what others committed after its sync) and the process reports what each device pulled and
 * its own CPU time.
 */
import { WireClient } from '../../support/wireClient';
import { scoreCreation } from '../../support/syncLoad';

export interface WorkerDevice {
  /** Index over all devices: the device starts at startAt + index / total × spreadMs. */
  index: number;
  token: string;
  clientId: string;
  inspectionId: string;
  cursor: number;
}

export type ToWorker =
  | { type: 'run'; base: string; ca: string; devices: WorkerDevice[]; total: number; startAt: number; spreadMs: number; changes: number }
  | { type: 'drain' };

export interface DeviceOutcome {
  syncMs: number;
  /** `recordType:recordId` of every change pulled, timed sync and drain together. */
  pulled: string[];
  /** `recordType:recordId` of what it created. */
  created: string[];
  error?: string;
}

export type FromWorker =
  /** `requestMs`: every request of the timed syncs. */
  | { type: 'synced'; cpuMicros: number; requestMs: number[] }
  | { type: 'drained'; devices: DeviceOutcome[] };

const send = (m: FromWorker) => process.send!(m);
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

let clients: WireClient[] = [];
let state: { device: WorkerDevice; cursor: number; outcome: DeviceOutcome }[] = [];

async function run(m: Extract<ToWorker, { type: 'run' }>) {
  clients = m.devices.map((d) => new WireClient(m.base, m.ca, d.token));
  state = m.devices.map((device) => ({ device, cursor: device.cursor, outcome: { syncMs: Number.NaN, pulled: [], created: [] } }));
  const cpu0 = cpu();
  await Promise.all(
    state.map(async (s, i) => {
      const client = clients[i]!;
      await new Promise((r) => setTimeout(r, Math.max(0, m.startAt + (s.device.index / m.total) * m.spreadMs - Date.now())));
      const mutations = Array.from({ length: m.changes }, (_, n) => scoreCreation(s.device.inspectionId, n));
      s.outcome.created = mutations.map((mu) => `${mu.recordType}:${mu.recordId}`);
      const t0 = performance.now();
      try {
        const answer = await client.push(s.device.clientId, mutations);
        const bad = answer.results.filter((r) => r.status !== 'applied');
        if (bad.length) throw new Error(`push: ${JSON.stringify(bad[0])}`);
        const page = await client.pullAll(s.cursor, 0);
        s.outcome.syncMs = performance.now() - t0;
        s.cursor = page.cursor;
        s.outcome.pulled.push(...page.changes.map((c) => `${c.recordType}:${c.recordId}`));
      } catch (error) {
        s.outcome.error = String(error);
      }
    }),
  );
  send({ type: 'synced', cpuMicros: cpu() - cpu0, requestMs: clients.flatMap((c) => c.requestMs) });
}

async function drain() {
  await Promise.all(
    state.map(async (s, i) => {
      try {
        const page = await clients[i]!.pullAll(s.cursor, 0);
        s.cursor = page.cursor;
        s.outcome.pulled.push(...page.changes.map((c) => `${c.recordType}:${c.recordId}`));
      } catch (error) {
        s.outcome.error ??= String(error);
      }
    }),
  );
  for (const c of clients) c.close();
  send({ type: 'drained', devices: state.map((s) => s.outcome) });
}

process.on('message', (m: ToWorker) => {
  void (m.type === 'run' ? run(m) : drain());
});
