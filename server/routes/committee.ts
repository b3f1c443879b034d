import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseFileSchema, buildCaseFile } from '../../shared/caseFile';
import { CommitteeQuerySchema, CommitteeReportSchema, committeeCsv, committeeFigures } from '../../shared/committee';
import { todayIso } from '../../shared/dates';
import { OpfoelgningSchema } from '../../shared/followUp';
import { BestyrelsesorienteringSchema, PubliceringSchema } from '../../shared/publication';
import { buildCaseFileDocument } from '../../shared/caseFileDocument';
import type { Framework } from '../../shared/framework';
import { caseFilePageHtml } from '../publication/caseFileHtml';
import { renderCaseFilePdf } from '../publication/caseFilePdf';
import { frameworkById, publicationWithdrawals, standingPublicationsOf } from '../publication/publishedReports';
import { withdrawalText, withdrawnPublicationId } from '../../shared/publicationWithdrawal';
import { InspectionSchema } from '../../shared/inspection';
import type { Institution } from '../../shared/institution';
import { RapportversionSchema, type Rapportversion } from '../../shared/reportVersion';
import { HandleplanSchema, SkaerpetTilsynSchema, startLimit } from '../../shared/skaerpetTilsyn';
import { listRammer } from '../admin/tilsynsrammer';
import { audit } from '../audit/audit';
import { requireUser, userOf } from '../auth/requireUser';
import { fromJson, fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

/*
 * Forvaltning's exports after the visit (LAW R1.15, docs/skaerpet-tilsyn.md):
 * - GET /api/committee/figures?from&to (JSON, or .csv): the political committee's counts for a period,
 *   computed here from every record (the server is the authority for municipal figures);
 * - GET /api/committee/case-file/:institutionId: one institution's case file for the state's
 *   tilsynsrejsehold (final reports, skærpet tilsyn and handleplaner, follow-up with its history), as
 *   JSON, and …/sagsmappe.html and …/sagsmappe.pdf as a document to read.
 * Both are audited.
 */

/** Records of one type (optionally of one institution), parsed with their shared schema; tombstones left out. */
async function recordsOf<S extends z.ZodType>(db: Kysely<Database>, type: string, schema: S, institutionId?: string): Promise<z.output<S>[]> {
  let q = db.selectFrom('records').select('data').where('type', '=', type).where('deleted', '=', 0);
  if (institutionId) q = q.where('institution_id', '=', institutionId);
  const out: z.output<S>[] = [];
  for (const r of await q.execute()) {
    const parsed = schema.safeParse(fromJsonObject(r.data));
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

async function committeeReport(db: Kysely<Database>, q: z.infer<typeof CommitteeQuerySchema>) {
  const [institutions, inspections, cases, plans, followUps, publications, rammer] = await Promise.all([
    db.selectFrom('institutions').select('id').execute(),
    recordsOf(db, 'inspection', InspectionSchema),
    recordsOf(db, 'skaerpetTilsyn', SkaerpetTilsynSchema),
    recordsOf(db, 'handleplan', HandleplanSchema),
    recordsOf(db, 'opfoelgning', OpfoelgningSchema),
    standingPublicationsOf(db),
    listRammer(db, { onlyGaeldende: true }),
  ]);
  return committeeFigures(
    { institutionIds: institutions.map((i) => i.id), inspections, cases, plans, followUps, publications },
    q,
    (on) => startLimit(rammer, on),
    todayIso(),
    new Date().toISOString(),
  );
}

const CaseFileParams = z.object({ institutionId: z.string().min(1).max(200) });

export const committeeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;
  app.addHook('onRequest', requireUser(db, ['forvaltning']));
  const config = { invalid: 'Ugyldig periode' };

  app.get('/figures', { config, schema: { querystring: CommitteeQuerySchema, response: { 200: CommitteeReportSchema, ...ERROR_REPLIES } } }, async (request) => {
    const report = await committeeReport(db, request.query);
    await audit(db, request, { action: 'export.committee', details: { from: request.query.from, to: request.query.to, format: 'json' } });
    return report;
  });

  app.get('/figures.csv', { config, schema: { querystring: CommitteeQuerySchema, response: { 200: z.string().describe('text/csv'), ...ERROR_REPLIES } } }, async (request, reply) => {
    const report = await committeeReport(db, request.query);
    await audit(db, request, { action: 'export.committee', details: { from: request.query.from, to: request.query.to, format: 'csv' } });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="udvalg-${report.from}-${report.to}.csv"`)
      .header('cache-control', 'no-store')
      .send(committeeCsv(report));
  });

  /** One institution's records for its case file (404 when the institution is unknown). */
  async function caseFileInput(institutionId: string) {
    const row = await db.selectFrom('institutions').select('data').where('id', '=', institutionId).executeTakeFirst();
    if (!row) throw new HttpError(404, `Institutionen ${institutionId} findes ikke`, { code: 'ukendt_institution' });
    const [inspections, versions, cases, plans, followUps] = await Promise.all([
      recordsOf(db, 'inspection', InspectionSchema, institutionId),
      recordsOf(db, 'rapportversion', RapportversionSchema, institutionId) as Promise<unknown> as Promise<Rapportversion[]>,
      recordsOf(db, 'skaerpetTilsyn', SkaerpetTilsynSchema, institutionId),
      recordsOf(db, 'handleplan', HandleplanSchema, institutionId),
      recordsOf(db, 'opfoelgning', OpfoelgningSchema, institutionId),
    ]);
    return { institution: fromJson<Institution>(row.data), inspections, versions, cases, plans, followUps };
  }

  app.get('/case-file/:institutionId', { schema: { params: CaseFileParams, response: { 200: CaseFileSchema, ...ERROR_REPLIES } } }, async (request) => {
    const input = await caseFileInput(request.params.institutionId);
    await audit(db, request, { action: 'export.case_file', target: request.params.institutionId, details: { format: 'json' } });
    return buildCaseFile(input, new Date().toISOString());
  });

  /**
   * The same case file as a document a person reads (shared/caseFileDocument.ts): HTML or a tagged
   * PDF, rendered here from the published-report model of every final version.
   */
  app.get('/case-file/:institutionId/:file', { schema: { params: CaseFileParams.extend({ file: z.enum(['sagsmappe.html', 'sagsmappe.pdf']) }) } }, async (request, reply) => {
    const { institutionId, file } = request.params;
    const input = await caseFileInput(institutionId);
    const inspectionIds = input.inspections.map((i) => i.id);
    const [publications, orientations, withdrawals] = await Promise.all([
      recordsOf(db, 'publicering', PubliceringSchema, institutionId),
      recordsOf(db, 'bestyrelsesorientering', BestyrelsesorienteringSchema, institutionId),
      publicationWithdrawals(db, institutionId),
    ]);
    const frameworks = new Map<string, Framework | null>();
    for (const i of input.inspections) if (!frameworks.has(i.frameworkId)) frameworks.set(i.frameworkId, await frameworkById(db, i.frameworkId));
    const now = new Date();
    const doc = buildCaseFileDocument({
      ...input,
      publications,
      withdrawn: new Map(withdrawals.map((w) => [withdrawnPublicationId(w), withdrawalText(w)])),
      orientations: orientations.filter((o) => inspectionIds.includes(o.inspectionId)),
      frameworkOf: (id) => frameworks.get(input.inspections.find((i) => i.id === id)?.frameworkId ?? '') ?? null,
      municipality: { name: app.tilsyn.municipality.name, logoDataUrl: app.tilsyn.municipality.logoDataUrl },
      generatedAt: now.toISOString(),
      generatedBy: userOf(request).displayName,
      today: todayIso(now),
    });
    const pdf = file.endsWith('.pdf');
    await audit(db, request, { action: 'export.case_file', target: institutionId, details: { format: pdf ? 'pdf' : 'html' } });
    const name = `Sagsmappe ${input.institution.name} ${todayIso(now)}.${pdf ? 'pdf' : 'html'}`;
    return reply
      .type(pdf ? 'application/pdf' : 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `${pdf ? 'attachment' : 'inline'}; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(pdf ? await renderCaseFilePdf(doc, now) : caseFilePageHtml(doc));
  });
};
