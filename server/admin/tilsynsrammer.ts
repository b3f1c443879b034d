import type { Kysely } from 'kysely';
import { z } from 'zod';
import { gaeldendeProblems, RammeRulesSchema, TilsynsrammeSchema, type Tilsynsramme } from '../../shared/tilsynsramme';
import type { Database } from '../db/schema';
import { fromJson, toJson } from '../db/json';
import { writeTransaction } from '../db/sequence';
import { HttpError } from '../errors';
import { parse } from '../validate';

/*
 * The tilsynsramme's versions on the server (shared/tilsynsramme.ts). Forvaltning writes a kladde,
 * edits it, and makes it gældende once every section is written (gaeldendeProblems, the rule the
 * form shows too). A gældende version is never changed or deleted: inspections point at it. Every
 * change takes a sequence number, so a pull carries the gældende versions to every device.
 */

/** What forvaltning sends to make a version: everything but the bookkeeping the server sets. */
export const RammeInputSchema = TilsynsrammeSchema.omit({ id: true, version: true, rev: true, status: true });
export type RammeInput = z.input<typeof RammeInputSchema>;

/** An object of the same fields, each optional and without its default (a patch of one section must not empty the others). */
function withoutDefaults<S extends Record<string, z.ZodType>>(shape: S) {
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional()]))) as unknown as z.ZodObject<{
    [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]>;
  }>;
}

/** A change to a kladde: any of its fields, and `status: 'gaeldende'` to make it gældende. */
export const RammePatchSchema = z
  .strictObject(
    {
      title: TilsynsrammeSchema.shape.title.optional(),
      sections: withoutDefaults(TilsynsrammeSchema.shape.sections.unwrap().shape).optional(),
      approvedOn: TilsynsrammeSchema.shape.approvedOn.unwrap().optional(),
      approvedBy: TilsynsrammeSchema.shape.approvedBy.unwrap().optional(),
      publicUrl: TilsynsrammeSchema.shape.publicUrl.unwrap().optional(),
      inForceFrom: TilsynsrammeSchema.shape.inForceFrom.unwrap().optional(),
      rules: withoutDefaults(RammeRulesSchema.shape).optional(),
      /** The list as a whole (shared/rammeData.ts). */
      dataItems: TilsynsrammeSchema.shape.dataItems.unwrap().optional(),
      status: z.literal('gaeldende', { error: 'En version kan kun gøres gældende' }).optional(),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `Ukendt felt: ${iss.keys.join(', ')}` : undefined) },
  )
  .refine((p) => Object.keys(p).length > 0, { error: 'Angiv mindst ét felt, der skal ændres' });
export type RammePatch = z.infer<typeof RammePatchSchema>;

/** Every version, newest first; `onlyGaeldende` for the users who do not write them. */
export async function listRammer(db: Kysely<Database>, opts: { onlyGaeldende?: boolean } = {}): Promise<Tilsynsramme[]> {
  let q = db.selectFrom('tilsynsrammer').select('data').orderBy('version', 'desc');
  if (opts.onlyGaeldende) q = q.where('status', '=', 'gaeldende');
  return (await q.execute()).map((r) => TilsynsrammeSchema.parse(fromJson(r.data)));
}

export async function createRamme(db: Kysely<Database>, input: z.output<typeof RammeInputSchema>): Promise<Tilsynsramme> {
  return writeTransaction(db, async (trx, seq) => {
    const last = await trx.selectFrom('tilsynsrammer').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const data = TilsynsrammeSchema.parse({ ...input, id: `tilsynsramme-v${version}`, version, status: 'kladde', rev: 1 });
    await trx.insertInto('tilsynsrammer').values({ id: data.id, version, status: data.status, data: toJson(data), rev: 1, seq: seq.next(), updated_at: new Date().toISOString() }).execute();
    return data;
  });
}

/** A new revision of a kladde; with `status: 'gaeldende'` only if no section is empty (else 400 naming each). */
export async function updateRamme(db: Kysely<Database>, id: string, patch: RammePatch): Promise<Tilsynsramme> {
  return writeTransaction(db, async (trx, seq) => {
    const row = await trx.selectFrom('tilsynsrammer').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HttpError(404, `Rammeversionen ${id} findes ikke`, { code: 'findes_ikke' });
    const current = TilsynsrammeSchema.parse(fromJson(row.data));
    if (current.status === 'gaeldende')
      throw new HttpError(409, `Version ${current.version} er gældende og kan ikke ændres. Lav en ny version.`, { code: 'ramme_gaeldende' });
    const rev = row.rev + 1;
    const next = parse(
      TilsynsrammeSchema,
      { ...current, ...patch, sections: { ...current.sections, ...patch.sections }, rules: { ...current.rules, ...patch.rules }, id, rev },
      'Ugyldig rammeversion',
    );
    if (next.status === 'gaeldende') {
      const problems = gaeldendeProblems(next);
      if (problems.length > 0)
        throw new HttpError(400, `Versionen kan ikke gøres gældende: ${problems.map((p) => p.message).join(' ')}`, { code: 'ramme_ufuldstaendig', issues: problems });
    }
    await trx
      .updateTable('tilsynsrammer')
      .set({ status: next.status, data: toJson(next), rev, seq: seq.next(), updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    return next;
  });
}

/** A gældende first version (demo data), unless the server has versions already. */
export async function seedRamme(db: Kysely<Database>, input: z.input<typeof RammeInputSchema>): Promise<void> {
  if (await db.selectFrom('tilsynsrammer').select('id').limit(1).executeTakeFirst()) return;
  const kladde = await createRamme(db, RammeInputSchema.parse(input));
  await updateRamme(db, kladde.id, { status: 'gaeldende' });
}
