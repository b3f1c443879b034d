import { availableParallelism } from 'node:os';
import { codedError } from '../errors';

/**
 * Bounds the argon2 work (19 MiB and tens of milliseconds each): at most `concurrency` hashes run at
 * once and at most `maxWaiting` wait; beyond that a request gets 503 at once. So a flood of logins
 * queues behind a few CPU slots instead of taking every core and starving other requests.
 */
export class PasswordQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Password checks started (for the limiter tests and the bench). */
  verifications = 0;

  constructor(
    readonly concurrency = 2,
    readonly maxWaiting = 64,
  ) {}

  get pending(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.concurrency) this.active += 1;
    else if (this.waiting.length >= this.maxWaiting) {
      throw codedError(503, 'travl', {}, { 'retry-after': '2' });
    } else {
      // The slot is handed over by the finishing task, so `active` stays the same.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * One queue per process: the CPU is shared by every app in it. Half the cores by default (one on a
 * two-core machine), so the event loop and the database always keep a core for other requests.
 */
export const passwordQueue = new PasswordQueue(Number(process.env.TILSYN_PASSWORD_CONCURRENCY) || Math.max(1, Math.floor(availableParallelism() / 2)));
