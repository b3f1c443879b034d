import { sql, type Kysely } from 'kysely';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from '../db/schema';

/**
 * A store for @fastify/rate-limit in our own database (table `login_attempts`, keys `ip:…`), so the
 * ceiling holds across restarts and several server processes. A fixed window per key, counted in
 * one upsert so concurrent requests each get their own number.
 */
export function databaseRateLimitStore(db: Kysely<Database>, now: () => number): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = 'ip:') {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const t = now();
      const n = (v: number) => sql`cast(${v} as bigint)`;
      sql<{ count: number; window_end: number }>`
        insert into login_attempts (key, count, window_start, window_end)
        values (${this.prefix + key}, 1, ${n(t)}, ${n(t + timeWindow)})
        on conflict (key) do update set
          count = case when login_attempts.window_end <= ${n(t)} then 1 else login_attempts.count + 1 end,
          window_start = case when login_attempts.window_end <= ${n(t)} then ${n(t)} else login_attempts.window_start end,
          window_end = case when login_attempts.window_end <= ${n(t)} then ${n(t + timeWindow)} else login_attempts.window_end end
        returning count, window_end`
        .execute(db)
        // Clamped: a concurrent request with a slightly later clock may have opened the window.
        .then(
          (r) => callback(null, { current: Number(r.rows[0]!.count), ttl: Math.min(timeWindow, Math.max(0, Number(r.rows[0]!.window_end) - t)) }),
          (error: Error) => callback(error),
        );
    }

    child(routeOptions: { path?: string; url?: string }): FastifyRateLimitStore {
      return new DatabaseStore(`ip:${routeOptions.path ?? routeOptions.url ?? ''}:`);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}
