import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ThemeAveragesSchema } from '../../shared/themeAverages';
import { requireUser } from '../auth/requireUser';
import { municipalThemeAverages } from '../stats/themeAverages';
import { ERROR_REPLIES } from './errorReplies';

/** Aggregates that every logged-in user may read: never a row about one institution. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;
  app.addHook('onRequest', requireUser(db));

  app.get('/theme-averages', { schema: { response: { 200: ThemeAveragesSchema, ...ERROR_REPLIES } } }, async () => municipalThemeAverages(db));
};
