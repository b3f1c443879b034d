import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DialectName } from '../db/connect';

const DialectSchema = z.enum(['sqlite', 'postgres']) satisfies z.ZodType<DialectName>;
const HealthSchema = z.object({ ok: z.literal(true), database: DialectSchema });
const UnhealthySchema = z.object({ ok: z.literal(false), database: DialectSchema, error: z.string() });

/** Public: whether the server and its database answer (for load balancers and the app's status line). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, dialect } = app.tilsyn;
  app.get('/health', { schema: { response: { 200: HealthSchema, 503: UnhealthySchema } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { ok: true as const, database: dialect };
    } catch {
      return reply.status(503).send({ ok: false, database: dialect, error: 'Databasen svarer ikke' });
    }
  });
};
