import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import type { Database } from '../db/schema';
import { HttpError } from '../errors';

/**
 * Login limits kept in the database, so they survive a restart and hold across server processes.
 *
 * - Per username + client address: an attempt is *reserved* (counted in one upsert) before the
 *   password is checked, so 200 concurrent guesses get at most `maxFailures` checks. A window that
 *   ends used up makes the next one twice as long (15 min, 30 min, 1 h … up to a day); a success
 *   clears it. Keyed by client as well, so a stranger guessing from elsewhere cannot lock the real
 *   user out.
 * - Per client address over all usernames: a short ceiling (`@fastify/rate-limit` on the same table)
 *   that slows a flood down for seconds rather than locking anyone out for long.
 */
export interface LoginLimiterOptions {
  /** Password checks allowed per username + client inside one window. */
  maxFailures?: number;
  /** The first window; later ones double while each ends used up. */
  windowMs?: number;
  /** The longest window. */
  maxWindowMs?: number;
  /** Login attempts allowed per client address per `ipWindowMs`, over all usernames. */
  maxPerIp?: number;
  ipWindowMs?: number;
  now?: () => number;
}

export interface LimiterSettings {
  maxFailures: number;
  windowMs: number;
  maxWindowMs: number;
  maxPerIp: number;
  ipWindowMs: number;
  now: () => number;
}

export function limiterSettings(opts: LoginLimiterOptions = {}): LimiterSettings {
  return {
    maxFailures: opts.maxFailures ?? 5,
    windowMs: opts.windowMs ?? 15 * 60 * 1000,
    maxWindowMs: opts.maxWindowMs ?? 24 * 3600 * 1000,
    maxPerIp: opts.maxPerIp ?? 30,
    ipWindowMs: opts.ipWindowMs ?? 60 * 1000,
    now: opts.now ?? Date.now,
  };
}

/** What @fastify/rate-limit's `createRateLimit` returns, as far as we use it. */
export type IpCeiling = (request: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

/** How long a process trusts a refusal it got from the database before asking again. */
const REMEMBER_MS = 5_000;

export interface ReservedAttempt {
  key: string;
}

export class LoginLimiter {
  private pruneAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    readonly settings: LimiterSettings,
    private readonly ipCeiling: IpCeiling,
    private readonly onLocked?: (request: FastifyRequest, username: string, until: number) => Promise<void>,
  ) {}

  /**
   * Counts this attempt against the client's ceiling and the username + client limit, before any
   * password work. Throws 429 with Retry-After when either is used up.
   */
  async reserve(request: FastifyRequest, username: string): Promise<ReservedAttempt> {
    const now = this.settings.now();
    // IPv6 clients by their /56 (as @fastify/rate-limit does), so rotating addresses in one's own
    // prefix buys no extra guesses.
    const client = normalizeIP(request.ip);
    const ipKey = `ip:${client}`;
    const key = `u:${username.toLowerCase()}|${client}`;
    this.refuseIfRemembered(ipKey, now, ceilingRefusal);
    this.refuseIfRemembered(key, now, lockRefusal);

    const ceiling = await this.ipCeiling(request);
    if (!ceiling.isAllowed && ceiling.isExceeded) {
      const seconds = Math.max(1, ceiling.ttlInSeconds ?? 1);
      this.remember(ipKey, now + seconds * 1000);
      throw ceilingRefusal(seconds);
    }
    const { count, windowEnd } = await this.count(key);
    if (count > this.settings.maxFailures) {
      this.remember(key, windowEnd);
      // The first refusal of a window is a security event of its own (one audit row per lock).
      if (count === this.settings.maxFailures + 1) await this.onLocked?.(request, username, windowEnd);
      throw lockRefusal(Math.max(1, Math.ceil((windowEnd - now) / 1000)));
    }
    return { key };
  }

  /**
   * Refusals the database has already decided are remembered here for a few seconds, so a flood
   * is turned away without a database write per request. This only ever refuses sooner, never
   * allows more: the database stays the judge. Only for a few seconds, because a lockout may be
   * lifted in the database by someone else (`--reset-admin-password`, another server process
   * behind the same load balancer): every process follows within REMEMBER_MS.
   */
  private readonly refusedUntil = new Map<string, { until: number; recheckAt: number }>();

  private remember(key: string, until: number): void {
    if (this.refusedUntil.size >= 10_000) this.refusedUntil.clear();
    this.refusedUntil.set(key, { until, recheckAt: this.settings.now() + REMEMBER_MS });
  }

  private refuseIfRemembered(key: string, now: number, refusal: (seconds: number) => HttpError): void {
    const remembered = this.refusedUntil.get(key);
    if (remembered === undefined) return;
    if (remembered.until <= now || remembered.recheckAt <= now) {
      this.refusedUntil.delete(key);
      return;
    }
    throw refusal(Math.max(1, Math.ceil((remembered.until - now) / 1000)));
  }

  /** A correct password: the username + client starts afresh. */
  async succeeded(attempt: ReservedAttempt): Promise<void> {
    this.refusedUntil.delete(attempt.key);
    await this.db.deleteFrom('login_attempts').where('key', '=', attempt.key).execute();
  }

  /** One statement, so concurrent attempts (and several server processes) each see their own number. */
  private async count(key: string): Promise<{ count: number; windowEnd: number }> {
    const { maxFailures, windowMs, maxWindowMs } = this.settings;
    const now = this.settings.now();
    const n = (v: number) => sql`cast(${v} as bigint)`;
    const length = sql`(login_attempts.window_end - login_attempts.window_start)`;
    const result = await sql<{ count: number; window_end: number }>`
      insert into login_attempts (key, count, window_start, window_end)
      values (${key}, 1, ${n(now)}, ${n(now + windowMs)})
      on conflict (key) do update set
        count = case when login_attempts.window_end <= ${n(now)} then 1 else login_attempts.count + 1 end,
        window_start = case when login_attempts.window_end <= ${n(now)} then ${n(now)} else login_attempts.window_start end,
        window_end = case
          when login_attempts.window_end > ${n(now)} then login_attempts.window_end
          when login_attempts.count >= ${maxFailures} and login_attempts.window_end > ${n(now - maxWindowMs)}
            then ${n(now)} + (case when 2 * ${length} > ${n(maxWindowMs)} then ${n(maxWindowMs)} else 2 * ${length} end)
          else ${n(now + windowMs)}
        end
      returning count, window_end`.execute(this.db);
    await this.prune(now);
    const row = result.rows[0]!;
    return { count: Number(row.count), windowEnd: Number(row.window_end) };
  }

  /** Drops counters that ended more than a day ago, at most once a minute per process. */
  private async prune(now: number): Promise<void> {
    if (now < this.pruneAt) return;
    this.pruneAt = now + 60_000;
    await this.db.deleteFrom('login_attempts').where('window_end', '<', now - this.settings.maxWindowMs).execute();
  }
}

const ceilingRefusal = (seconds: number) =>
  new HttpError(
    429,
    `For mange loginforsøg fra din adresse lige nu. Vent ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'} og prøv igen.`,
    { code: 'for_mange_forsoeg' },
    { 'retry-after': String(seconds) },
  );

const lockRefusal = (seconds: number) =>
  new HttpError(429, `For mange mislykkede loginforsøg. Prøv igen om ${describeWait(seconds)}.`, { code: 'for_mange_forsoeg' }, { 'retry-after': String(seconds) });

function describeWait(seconds: number): string {
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} ${minutes === 1 ? 'minut' : 'minutter'}`;
  }
  const hours = Math.ceil(seconds / 3600);
  return `${hours} ${hours === 1 ? 'time' : 'timer'}`;
}
