/**
 * Counts failed logins per IP + username (and per IP over all usernames, against password spraying)
 * in a sliding window. In memory: a restart forgets, which is acceptable for a single server process.
 */
export interface LoginLimiterOptions {
  /** Failures allowed per IP + username inside the window. */
  maxFailures?: number;
  /** Failures allowed per IP over all usernames inside the window. */
  maxFailuresPerIp?: number;
  windowMs?: number;
  now?: () => number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly max: number;
  private readonly maxPerIp: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: LoginLimiterOptions = {}) {
    this.max = opts.maxFailures ?? 5;
    this.maxPerIp = opts.maxFailuresPerIp ?? 50;
    this.windowMs = opts.windowMs ?? 15 * 60 * 1000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds to wait before the next attempt, or 0 when an attempt is allowed now. */
  retryAfter(ip: string, username: string): number {
    const t = this.now();
    const wait = (key: string, max: number): number => {
      const list = this.recent(key, t);
      if (list.length < max) return 0;
      return Math.max(1, Math.ceil((list[list.length - max]! + this.windowMs - t) / 1000));
    };
    return Math.max(wait(userKey(ip, username), this.max), wait(ipKey(ip), this.maxPerIp));
  }

  fail(ip: string, username: string): void {
    const t = this.now();
    for (const key of [userKey(ip, username), ipKey(ip)]) {
      const list = this.recent(key, t);
      list.push(t);
      this.failures.set(key, list);
    }
    if (this.failures.size > 50_000) this.prune(t);
  }

  succeed(ip: string, username: string): void {
    this.failures.delete(userKey(ip, username));
  }

  private recent(key: string, t: number): number[] {
    return (this.failures.get(key) ?? []).filter((x) => t - x < this.windowMs);
  }

  private prune(t: number): void {
    for (const [key, list] of this.failures) {
      const kept = list.filter((x) => t - x < this.windowMs);
      if (kept.length === 0) this.failures.delete(key);
      else this.failures.set(key, kept);
    }
  }
}

const userKey = (ip: string, username: string) => `${ip}\u0000${username.toLowerCase()}`;
const ipKey = (ip: string) => `${ip}\u0000*`;
