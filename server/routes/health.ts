import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

/**
 * No login. 200 when the database answers and takes writes; 503 otherwise, with the reason, so a
 * load balancer stops sending traffic to a server that would refuse every push.
 */
export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/health', async (_request, reply) => {
    const report = await ctx.health.check();
    const ok = report.database === 'ok' && report.writable;
    const body = { ok, dialect: ctx.dialect, database: report.database, writable: report.writable, ...(report.reason ? { error: report.reason } : {}) };
    return reply.status(ok ? 200 : 503).send(body);
  });
}
