import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TilsynsrammeSchema } from '../../shared/tilsynsramme';
import { createRamme, listRammer, RammeInputSchema, RammePatchSchema, updateRamme } from '../admin/tilsynsrammer';
import { audit } from '../audit/audit';
import { requireUser } from '../auth/requireUser';
import { ERROR_REPLIES } from './errorReplies';

const RammeListSchema = z.object({ rammer: z.array(TilsynsrammeSchema) });
const IdParams = z.object({ id: z.string().min(1).max(200) });

/**
 * The tilsynsramme (docs/tilsynsramme.md): every logged-in user reads the gældende versions (the
 * same list their pull carries); forvaltning reads the kladder too, writes them and makes them
 * gældende.
 */
export const tilsynsrammeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;

  const reading: FastifyPluginAsyncZod = async (reader) => {
    reader.addHook('onRequest', requireUser(db));
    reader.get('/tilsynsrammer', { schema: { response: { 200: RammeListSchema, ...ERROR_REPLIES } } }, async () => ({ rammer: await listRammer(db, { onlyGaeldende: true }) }));
  };

  const administering: FastifyPluginAsyncZod = async (admin) => {
    admin.addHook('onRequest', requireUser(db, ['forvaltning']));

    admin.get('/admin/tilsynsrammer', { schema: { response: { 200: RammeListSchema, ...ERROR_REPLIES } } }, async () => ({ rammer: await listRammer(db) }));

    admin.post(
      '/admin/tilsynsrammer',
      { config: { invalid: 'Ugyldig rammeversion' }, schema: { body: RammeInputSchema, response: { 201: TilsynsrammeSchema, ...ERROR_REPLIES } } },
      async (request, reply) => {
        const ramme = await createRamme(db, request.body);
        await audit(db, request, { action: 'tilsynsramme.created', target: ramme.id, details: { version: ramme.version } });
        return reply.status(201).send(ramme);
      },
    );

    admin.patch(
      '/admin/tilsynsrammer/:id',
      { config: { invalid: 'Ugyldig ændring af rammeversion' }, schema: { params: IdParams, body: RammePatchSchema, response: { 200: TilsynsrammeSchema, ...ERROR_REPLIES } } },
      async (request) => {
        const ramme = await updateRamme(db, request.params.id, request.body);
        const action = request.body.status === 'gaeldende' ? 'tilsynsramme.gaeldende' : 'tilsynsramme.updated';
        await audit(db, request, { action, target: ramme.id, details: { fields: Object.keys(request.body), rev: ramme.rev, version: ramme.version } });
        return ramme;
      },
    );
  };

  await app.register(reading);
  await app.register(administering);
};
