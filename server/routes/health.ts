import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { ok: true, database: ctx.dialect };
    } catch {
      return reply.status(503).send({ ok: false, database: ctx.dialect, error: 'Databasen svarer ikke' });
    }
  });
}
