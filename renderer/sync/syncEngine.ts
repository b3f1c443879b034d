import { liveQuery } from 'dexie';
import { keyed, translate } from '../../shared/i18n/i18n';
import { useSyncExternalStore } from 'react';
import { formatNumber } from '../../shared/format';
import { MAX_PULL_LIMIT } from '../../shared/sync/wire';
import { syncOnce, type PullProgress, type SyncErrorInfo, type SyncMeta, type SyncOptions, type SyncReport } from '../../shared/sync/clientCore';
import { getClientId } from '../db/clientId';
import type { TilsynDatabase } from '../db/database';
import { dexieSyncStorage } from './dexieSyncStorage';
import { ensureProviderProof, renewedAfterRefusal } from './providerSession';
import { getSession, sessionClient } from './session';
import { refreshMunicipality } from './municipality';
import { refreshReportAverages } from './reportAverages';
import { refreshThemeAverages } from './themeAverages';
import { refreshUncertainThemes } from './uncertainThemes';
import { refreshOverview } from './overview';
import { refreshConsultantDirectory } from '../db/consultantDirectory';
import { SYNC_META_KEY } from '../db/metaKeys';

export interface SyncState {
  status: 'off' | 'idle' | 'syncing' | 'error';
  lastSuccessAt: string | null;
  lastReport: SyncReport | null;
  error: SyncErrorInfo | null;
  nextAttemptAt: string | null;
  /** The pull under way: records received so far and of how many (a first pull takes a while). */
  progress: PullProgress | null;
}

/**
 * How the app syncs (the first-pull benchmark uses the same): the largest pages the protocol allows
 * (MAX_PULL_LIMIT), since a page is applied in a few bulk writes and each page costs a request and a
 * transaction commit. At 4,000 institutions 2,000 a page took 68 s against 79 s at 1,000.
 */
export const SYNC_OPTIONS: SyncOptions = { pullLimit: MAX_PULL_LIMIT };

/** "Henter 12.400 af 40.000 …" (or without a total from a server that does not count). */
export function pullProgressText(p: PullProgress): string {
  const received = formatNumber(p.received, { decimals: 0 });
  return p.total === undefined ? translate('sync:pullProgress', { received }) : translate('sync:pullProgressOf', { received, total: formatNumber(p.total, { decimals: 0 }) });
}

/** When the engine syncs: soon after a local write, on a timer, on `online`, on start; with backoff after failures. */
export const AFTER_WRITE_MS = 1500;
export const TIMER_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * One sync engine per app. It runs under a Web Lock, so only one tab or window of the device syncs
 * at a time; the others find the lock taken and leave it to the holder.
 */
export class SyncEngine {
  private state: SyncState = { status: 'off', lastSuccessAt: null, lastReport: null, error: null, nextAttemptAt: null, progress: null };
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopFns: (() => void)[] = [];

  constructor(
    private readonly db: TilsynDatabase,
    private readonly lockName = 'tilsyn-sync',
  ) {
    // The last sync survives a reload (offline too): until this session syncs, the stored time of the last pull is shown.
    void db.meta
      .get(SYNC_META_KEY)
      .then((row) => {
        const stored = (row?.value as Partial<SyncMeta> | undefined)?.lastPullAt;
        if (stored && !this.state.lastSuccessAt) this.set({ lastSuccessAt: stored });
      })
      .catch(() => undefined);
  }

  start() {
    const onOnline = () => this.schedule(0);
    window.addEventListener('online', onOnline);
    let lastCount = -1;
    const sub = liveQuery(() => this.db.outbox.count()).subscribe((count) => {
      if (count > lastCount && lastCount !== -1) this.schedule(AFTER_WRITE_MS);
      lastCount = count;
    });
    this.stopFns.push(() => window.removeEventListener('online', onOnline), () => sub.unsubscribe());
    this.schedule(0);
  }

  stop() {
    for (const f of this.stopFns.splice(0)) f();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Sync soon: earlier requests win over later ones. */
  schedule(delayMs: number) {
    const at = Date.now() + delayMs;
    if (this.timer && this.state.nextAttemptAt && Date.parse(this.state.nextAttemptAt) <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.set({ nextAttemptAt: new Date(at).toISOString() });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
  }

  async syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private async run() {
    // The session this run starts with: a refusal counts against it, not against a login made meanwhile.
    const ranWith = await getSession(this.db);
    const client = await sessionClient(this.db);
    if (!client) {
      const session = await getSession(this.db);
      this.set({ status: 'off', error: session ? { kind: 'auth', retryable: false, ...keyed('sync:loginToSync') } : null, nextAttemptAt: null });
      return;
    }
    const clientId = await getClientId(this.db);
    const work = async () => {
      this.set({ status: 'syncing', progress: null });
      // A provider login syncs only with a fresh word from the provider: renewed here at most once a day.
      // When it cannot be, only sync stops; the outbox and every draft stay on the device.
      const loginAgain = await ensureProviderProof(this.db, false);
      if (loginAgain) {
        this.set({ status: 'error', error: { kind: 'auth', retryable: false, message: loginAgain }, nextAttemptAt: null });
        return;
      }
      const syncWith = (transport: typeof client.transport) => syncOnce(dexieSyncStorage(this.db), transport, clientId, { ...SYNC_OPTIONS, onProgress: (progress) => this.set({ progress }) });
      let report = await syncWith(client.transport);
      if (!report.ok && report.error?.kind === 'auth' && (await renewedAfterRefusal(this.db, ranWith))) {
        // With the renewed proof, or with the new login's token.
        const fresh = await sessionClient(this.db);
        if (fresh) report = await syncWith(fresh.transport);
      }
      this.set({ progress: null });
      if (report.ok) {
        // The municipal average a leder compares with: aggregates only, cached for offline use. Never fails a sync.
        await refreshThemeAverages(this.db, client).catch(() => null);
        // The report windows of this device's open inspections, frozen at finalisation (also offline).
        await refreshReportAverages(this.db, client).catch(() => 0);
        // The municipality's name and logo for the report header (server configuration).
        await refreshMunicipality(this.db, client).catch(() => null);
        // Who can be put on a visit, and their relations (impartiality): for offline use.
        await refreshConsultantDirectory(this.db, client).catch(() => null);
        // The themes whose agreement is flagged: the goals dashboard marks their averages as uncertain (offline too).
        await refreshUncertainThemes(this.db, client, (await getSession(this.db))?.user.role ?? null).catch(() => null);
        // A konsulent's Overblik: coverage and heat map from the server's records (offline too).
        await refreshOverview(this.db, client, (await getSession(this.db))?.user ?? null).catch(() => null);
        this.failures = 0;
        this.set({ status: 'idle', lastReport: report, lastSuccessAt: new Date().toISOString(), error: null });
        this.schedule(TIMER_MS);
      } else {
        this.failures++;
        this.set({ status: 'error', lastReport: report, error: report.error ?? null });
        if (report.error?.retryable !== false) this.schedule(Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(this.failures, 8)));
      }
    };
    if (typeof navigator !== 'undefined' && navigator.locks) {
      await navigator.locks.request(this.lockName, { ifAvailable: true }, async (lock) => {
        if (!lock) return this.schedule(TIMER_MS); // another tab of this device is syncing
        await work();
      });
    } else await work();
  }

  getState = () => this.state;
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

let engine: SyncEngine | null = null;
export function getSyncEngine(db: TilsynDatabase): SyncEngine {
  engine ??= new SyncEngine(db);
  return engine;
}

export function useSyncState(e: SyncEngine): SyncState {
  return useSyncExternalStore(e.subscribe, e.getState);
}
