import type { Transaction } from 'kysely';
import { rammeInForce, TilsynsrammeSchema, type Tilsynsramme } from '../../shared/tilsynsramme';
import { fromJson } from '../db/json';
import type { Database } from '../db/schema';

/**
 * Every inspection records the tilsynsramme version in force on its date (R1.1), and the server
 * decides which: a device may hold an old copy of the versions, or none yet. The field is the
 * server's; whatever a client sends in it is replaced.
 */
export const RAMME_FIELD = 'tilsynsrammeId';

/** The gældende versions, read once per transaction (a handful of rows). */
const cache = new WeakMap<object, Promise<Tilsynsramme[]>>();

function gaeldende(trx: Transaction<Database>): Promise<Tilsynsramme[]> {
  let found = cache.get(trx);
  if (!found) {
    found = trx
      .selectFrom('tilsynsrammer')
      .select('data')
      .where('status', '=', 'gaeldende')
      .execute()
      .then((rows) => rows.map((r) => TilsynsrammeSchema.parse(fromJson(r.data))));
    cache.set(trx, found);
  }
  return found;
}

/** The version in force on `date`, or null (before the first gældende version, or no date). */
export async function rammeOn(trx: Transaction<Database>, date: unknown): Promise<Tilsynsramme | null> {
  if (typeof date !== 'string') return null;
  return rammeInForce(await gaeldende(trx), date);
}

/** The id of the version in force on `date`, or null. */
export async function rammeIdOn(trx: Transaction<Database>, date: unknown): Promise<string | null> {
  return (await rammeOn(trx, date))?.id ?? null;
}

/** The mutation's fields without the server's field. */
export function withoutRammeField(fields: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(fields, RAMME_FIELD)) return fields;
  const { [RAMME_FIELD]: _ignored, ...rest } = fields;
  return rest;
}
