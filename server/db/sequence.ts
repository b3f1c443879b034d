import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/** Hands out the sequence numbers of one write transaction. */
export class SeqAllocator {
  constructor(private current: number) {}
  next(): number {
    this.current += 1;
    return this.current;
  }
  get value(): number {
    return this.current;
  }
}

/**
 * Runs `fn` in a transaction that holds the sequence row. Every writer takes that row first, so
 * writers are serialised and commit in sequence order: a reader that has seen seq N has seen every
 * change numbered ≤ N, which is what makes pull cursors safe (no gaps filled in later).
 */
export async function writeTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>, seq: SeqAllocator) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('sync_sequence')
      .set({ value: sql<number>`value` })
      .where('id', '=', 1)
      .returning('value')
      .executeTakeFirstOrThrow();
    const seq = new SeqAllocator(Number(row.value));
    const start = seq.value;
    const result = await fn(trx, seq);
    if (seq.value !== start) await trx.updateTable('sync_sequence').set({ value: seq.value }).where('id', '=', 1).execute();
    return result;
  });
}

/** The last sequence number of a committed change. */
export async function currentSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('sync_sequence').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.value);
}
