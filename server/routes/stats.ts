import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReportAverageQuerySchema, ReportAverageSchema } from '../../shared/reportAverage';
import { ThemeAveragesSchema } from '../../shared/themeAverages';
import { HttpError } from '../errors';
import { readScopeOfRequest, requireReader } from '../auth/requireUser';
import { OverviewSchema } from '../../shared/overview';
import { overview } from '../stats/overview';
import { municipalReportAverage } from '../stats/reportAverage';
import { municipalThemeAverages } from '../stats/themeAverages';
import { ERROR_REPLIES } from './errorReplies';

/** Aggregates that every logged-in user (and a BI API token) may read: never a row about one institution. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, readDb } = app.tilsyn;
  // A user's login or a BI API token with the stats scope.
  app.addHook('onRequest', requireReader(db, 'stats'));

  app.get('/theme-averages', { schema: { response: { 200: ThemeAveragesSchema, ...ERROR_REPLIES } } }, async () => municipalThemeAverages(readDb));

  // The report's "Kommunens gennemsnit (24 mdr.)": devices fetch it for their open inspections and freeze it at finalisation.
  // Cells of fewer than five institutions are shown to forvaltning users only (never to an API token).
  app.get(
    '/municipal-average',
    { config: { invalid: 'Ugyldig forespørgsel' }, schema: { querystring: ReportAverageQuerySchema, response: { 200: ReportAverageSchema, ...ERROR_REPLIES } } },
    async (request) => municipalReportAverage(readDb, { to: request.query.to, scale: request.query.scale, forvaltning: request.user?.role === 'forvaltning' }),
  );

  // The Overblik's coverage and heat map computed on the server's records (shared/overview.ts): the
  // lists within the caller's scope (a leder only their own institutions), the municipal counts over
  // all. They name institutions, so a BI API token (aggregates only) is refused.
  app.get('/overview', { schema: { response: { 200: OverviewSchema, ...ERROR_REPLIES } } }, async (request) => {
    if (request.apiToken) throw new HttpError(403, 'Overblikket er kun for brugere, ikke for API-tokens', { code: 'ingen_adgang' });
    return overview(readDb, readScopeOfRequest(request));
  });
};
