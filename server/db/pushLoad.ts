import { sql, type Transaction } from 'kysely';
import { executePrepared } from './compiled';
import type { Database, RecordsTable } from './schema';
import { reservedBy, type SeqAllocator } from './sequence';
import type { Selectable } from 'kysely';

type RecordRow = Selectable<RecordsTable>;

export interface PushLoad {
  /** The stored results of the push's mutation ids for this client (any user: the caller checks). */
  stored: { mutation_id: string; user_id: string; result: string }[];
  /** The inspections the push touches (named, or the parents of the child records named), in key order. */
  inspectionIds: string[];
  /** The existing records among those, locked: the inspections, then the child records named. */
  rows: RecordRow[];
  /** The double scorings of those inspections (issue 16), read after the locks. */
  scorings: RecordRow[];
}

/**
 * PostgreSQL: everything a push reads before it judges, in one round trip, sent with the BEGIN
 * (db/pipeline.ts; migration 0910, `tilsyn_push_load`): the writer registered and `reserve` numbers reserved (handed to `seq`), the
 * stored results, the inspections locked in key order, then the child records named, then the
 * double scorings. `keys` are the (type, id) pairs the mutations name, with the inspections their
 * fields name. Each step inside is its own statement and sees what committed before it, as the
 * separate queries did (server/sync/batchState.ts `prefetch`).
 */
export async function loadForPush(trx: Transaction<Database>, seq: SeqAllocator, reserve: number, clientId: string, mutationIds: readonly string[], keys: readonly (readonly [string, string])[]): Promise<PushLoad> {
  const types = keys.map((k) => k[0]);
  const ids = keys.map((k) => k[1]);
  const result = await executePrepared(trx, sql<{ loaded: { numbers: number[]; stored: PushLoad['stored']; inspections: string[]; rows: RecordRow[]; children: RecordRow[]; scorings: RecordRow[] } }>`
    select tilsyn_push_load(${reserve}::integer, ${clientId}::text, ${[...mutationIds]}::text[], ${types}::text[], ${ids}::text[]) as loaded`);
  const loaded = result[0]!.loaded;
  reservedBy(seq, loaded.numbers.map(Number));
  return { stored: loaded.stored, inspectionIds: loaded.inspections, rows: [...loaded.rows, ...loaded.children], scorings: loaded.scorings };
}
