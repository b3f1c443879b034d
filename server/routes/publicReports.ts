import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MunicipalityInfoSchema } from '../../shared/publishedReport';
import { requireUser } from '../auth/requireUser';
import { ERROR_REPLIES } from './errorReplies';
import { listPageHtml, reportPageHtml } from '../publication/reportHtml';
import { renderReportPdf } from '../publication/reportPdf';
import { latestPublishedReport, publicList } from '../publication/publishedReports';

/**
 * The public, login-free pages of § 5 stk. 3: per municipality, every institution's latest published
 * report, as HTML and as PDF. Only publications are read (server/publication/publishedReports.ts).
 *   GET /offentlig/<kommune>                     the list
 *   GET /offentlig/<kommune>/<institution>       the report as HTML
 *   GET /offentlig/<kommune>/<institution>.pdf   the report as PDF
 * The institution's website links to the last two: they always show its latest published report.
 */
export const publicReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tilsyn;
  const municipality = ctx.municipality;
  const notFound = (reply: { status(n: number): { type(t: string): { send(b: string): unknown } } }, text: string) =>
    reply.status(404).type('text/html; charset=utf-8').send(`<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Ikke fundet</title></head><body><main><h1>Ikke fundet</h1><p>${text}</p></main></body></html>`);

  app.get('/offentlig/:kommune', { schema: { params: z.object({ kommune: z.string() }) } }, async (request, reply) => {
    if (request.params.kommune !== municipality.slug) return notFound(reply, 'Kommunen findes ikke på denne server.');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(listPageHtml(municipality, await publicList(ctx.db)));
  });

  app.get('/offentlig/:kommune/:institution', { schema: { params: z.object({ kommune: z.string(), institution: z.string().min(1).max(200) }) } }, async (request, reply) => {
    if (request.params.kommune !== municipality.slug) return notFound(reply, 'Kommunen findes ikke på denne server.');
    const pdf = request.params.institution.endsWith('.pdf');
    const institutionId = pdf ? request.params.institution.slice(0, -4) : request.params.institution;
    const report = await latestPublishedReport(ctx.db, institutionId, municipality);
    if (!report) return notFound(reply, 'Der er ingen offentliggjort tilsynsrapport for dette dagtilbud.');
    if (!pdf) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(reportPageHtml(municipality, report));
    const file = `Tilsynsrapport ${report.institutionName} ${report.visit.isoDate}.pdf`;
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-cache')
      .header('content-disposition', `inline; filename="${file.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(file)}`)
      .send(await renderReportPdf(report));
  });

  // The municipality's name, logo and public page, for the apps (pulled after a sync and kept for offline use).
  await app.register(async (api) => {
    api.addHook('onRequest', requireUser(ctx.db));
    api.get('/api/municipality', { schema: { response: { 200: MunicipalityInfoSchema, ...ERROR_REPLIES } } }, async () => ({
      name: municipality.name,
      logoDataUrl: municipality.logoDataUrl,
      publicPath: `/offentlig/${municipality.slug}`,
    }));
  });
};
