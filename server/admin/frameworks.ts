import type { Kysely } from 'kysely';
import { scaleProblem, type Framework } from '../../shared/framework';
import type { Database } from '../db/schema';
import { fromJson, toJson } from '../db/json';
import { writeTransaction } from '../db/sequence';
import { HttpError } from '../errors';

export async function listFrameworks(db: Kysely<Database>): Promise<Framework[]> {
  const rows = await db.selectFrom('frameworks').select('data').orderBy('version').execute();
  return rows.map((r) => fromJson<Framework>(r.data));
}

/**
 * A new framework version. Versions are immutable once created (inspections are pinned to the
 * version they started on), so a change is always a new id with a higher version number. It may
 * reuse a scale id only with the same steps (shared/framework.ts scaleProblem): averages mix
 * every inspection with that scale id.
 */
export async function createFramework(db: Kysely<Database>, framework: Framework): Promise<Framework> {
  return writeTransaction(db, async (trx, seq) => {
    const same = await trx.selectFrom('frameworks').select('id').where('id', '=', framework.id).executeTakeFirst();
    if (same) throw new HttpError(409, `Rammeversionen ${framework.id} findes allerede; en ændring skal være en ny version`, { code: 'findes_allerede' });
    const newest = await trx.selectFrom('frameworks').select(({ fn }) => fn.max('version').as('v')).executeTakeFirst();
    const max = Number(newest?.v ?? 0);
    if (framework.version <= max) throw new HttpError(409, `Versionsnummeret skal være højere end den nyeste version (${max})`, { code: 'version' });
    const existing = (await trx.selectFrom('frameworks').select('data').execute()).map((r) => fromJson<Framework>(r.data));
    const scale = scaleProblem(existing, framework);
    if (scale) throw new HttpError(409, scale, { code: 'skala' });
    await trx.insertInto('frameworks').values({ id: framework.id, version: framework.version, data: toJson(framework), seq: seq.next(), created_at: new Date().toISOString() }).execute();
    return framework;
  });
}

/** Built-in versions shipped with the app are added when missing (by id); existing ones are left alone. */
export async function seedBuiltInFrameworks(db: Kysely<Database>, frameworks: readonly Framework[]): Promise<string[]> {
  return writeTransaction(db, async (trx, seq) => {
    const added: string[] = [];
    for (const f of frameworks) {
      const clash = await trx.selectFrom('frameworks').select('id').where((eb) => eb.or([eb('id', '=', f.id), eb('version', '=', f.version)])).executeTakeFirst();
      if (clash) continue;
      await trx.insertInto('frameworks').values({ id: f.id, version: f.version, data: toJson(f), seq: seq.next(), created_at: new Date().toISOString() }).execute();
      added.push(f.id);
    }
    return added;
  });
}
