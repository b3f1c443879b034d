import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DialectName } from '../db/connect';

const DialectSchema = z.enum(['sqlite', 'postgres']) satisfies z.ZodType<DialectName>;
const HealthSchema = z.object({
  ok: z.boolean(),
  dialect: DialectSchema,
  database: z.enum(['ok', 'unavailable']),
  writable: z.boolean(),
  error: z.string().optional(),
});

/**
 * Public (no login). 200 when the database answers and takes writes; 503 otherwise, with the reason,
 * so a load balancer stops sending traffic to a server that would refuse every push.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tilsyn;
  app.get('/health', { schema: { response: { 200: HealthSchema, 503: HealthSchema } } }, async (_request, reply) => {
    const report = await ctx.health.check();
    const ok = report.database === 'ok' && report.writable;
    const body = { ok, dialect: ctx.dialect, database: report.database, writable: report.writable, ...(report.reason ? { error: report.reason } : {}) };
    return reply.status(ok ? 200 : 503).send(body);
  });
};
