import type { FastifyInstance } from 'fastify';
import type { ThemeAverages } from '../../shared/themeAverages';
import { requireUser } from '../auth/requireUser';
import type { ServerContext } from '../context';
import { municipalThemeAverages } from '../stats/themeAverages';

/** Aggregates that every logged-in user may read: never a row about one institution. */
export function statsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/stats/theme-averages', { onRequest: requireUser(ctx.db) }, async (): Promise<ThemeAverages> => municipalThemeAverages(ctx.db));
}
