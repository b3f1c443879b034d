import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ThemeAveragesSchema } from '../../shared/themeAverages';
import { requireReader } from '../auth/requireUser';
import { municipalThemeAverages } from '../stats/themeAverages';
import { ERROR_REPLIES } from './errorReplies';

/** Aggregates that every logged-in user (and a BI API token) may read: never a row about one institution. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;
  // A user's login or a BI API token with the stats scope.
  app.addHook('onRequest', requireReader(db, 'stats'));

  app.get('/theme-averages', { schema: { response: { 200: ThemeAveragesSchema, ...ERROR_REPLIES } } }, async () => municipalThemeAverages(db));
};
