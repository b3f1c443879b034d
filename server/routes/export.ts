import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IsoDateSchema, todayIso } from '../../shared/dates';
import { SCORE_EXPORT_COLUMNS, exportFileName, scoreRowsToCsvLines, scoresToCsv, type ScoreExportRow } from '../../shared/exportScores';
import { audit } from '../audit/audit';
import { readScopeOfRequest, requireReader } from '../auth/requireUser';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';
import { countScoreRows, decodeCursor, encodeCursor, scoreRowChunks, type PageToken, type ScoreCursor, type ScoreSelection } from '../export/scorePages';
import type { ReadScope } from '../sync/visibility';
import { ERROR_REPLIES } from './errorReplies';

/*
 * The read API for BI tools (docs/bi-api.md): theme scores, one row per inspection × theme, with
 * the columns of the app's CSV export (shared/exportScores.ts), as paged JSON or as one CSV file.
 * Every user gets exactly what their pull would show them (server/sync/visibility.ts).
 */

export const EXPORT_PAGE_DEFAULT = 1000;
export const EXPORT_PAGE_MAX = 10_000;

/** `institutionId=A&institutionId=B` or `institutionId=A,B`. */
const InstitutionIdsParam = z
  .union([z.string(), z.array(z.string())], { error: 'institutionId skal være et eller flere institutions-id' })
  .transform((v) => [...new Set([v].flat().flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))])
  .refine((ids) => ids.length > 0 && ids.length <= 500, { error: 'Angiv mellem 1 og 500 institutions-id' });

const filterShape = {
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  institutionId: InstitutionIdsParam.optional(),
  /** endelig (default): only final inspections; alle: every inspection the user may see. */
  status: z.enum(['endelig', 'alle'], { error: 'status skal være endelig eller alle' }).default('endelig'),
};
const periodOk = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to;
const periodError = { error: 'from skal være før eller lig med to', path: ['from'] };

const CsvQuerySchema = z.strictObject(filterShape, { error: (iss) => (iss.code === 'unrecognized_keys' ? `Ukendt parameter: ${iss.keys.join(', ')}` : undefined) }).refine(periodOk, periodError);
const JsonQuerySchema = z
  .strictObject(
    {
      ...filterShape,
      limit: z.coerce.number({ error: 'limit skal være et tal' }).int({ error: 'limit skal være et helt tal' }).min(1, { error: 'limit skal være mindst 1' }).max(EXPORT_PAGE_MAX, { error: `limit må højst være ${EXPORT_PAGE_MAX}` }).default(EXPORT_PAGE_DEFAULT),
      /** The `next` of the previous page: where to continue (docs/bi-api.md). */
      cursor: z.string({ error: 'cursor skal være teksten fra next' }).min(1, { error: 'cursor må ikke være tom' }).max(2000, { error: 'cursor er for lang' }).optional(),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `Ukendt parameter: ${iss.keys.join(', ')}` : undefined) },
  )
  .refine(periodOk, periodError);

type Filter = z.output<typeof CsvQuerySchema>;

/** One row of the export, as the JSON reply checks it (the columns of SCORE_EXPORT_COLUMNS). */
const ScoreExportRowSchema = z.object({
  tilsyn_id: z.string(),
  institution_id: z.string(),
  institution: z.string(),
  type: z.string(),
  ejerform: z.string(),
  distrikt: z.string(),
  dato: z.string(),
  tilsynsform: z.string(),
  tilsynstype: z.string(),
  ramme_id: z.string(),
  ramme_version: z.number(),
  ramme_navn: z.string(),
  skala_id: z.string(),
  tema_nr: z.number(),
  tema_id: z.string(),
  tema: z.string(),
  trin: z.literal([1, 2, 3, 4]).nullable(),
  trin_tekst: z.string(),
  ikke_vurderet: z.enum(['ja', 'nej']),
  ikke_vurderet_begrundelse: z.string(),
}) satisfies z.ZodType<ScoreExportRow>;

/** A chunk of rows, checked as the reply schema checked a whole page. */
const ScoreExportRowsSchema = z.array(ScoreExportRowSchema);

const ThemeScoresPageSchema = z.object({
  columns: z.array(z.string()).readonly(),
  rows: z.array(ScoreExportRowSchema),
  /** Rows in the whole selection. */
  total: z.number().int(),
  limit: z.number().int(),
  /** The next page's address (same filters and a `cursor`), or null on the last page. */
  next: z.string().nullable(),
  generatedAt: z.string(),
});
export type ThemeScoresPage = z.infer<typeof ThemeScoresPageSchema>;

/** The caller's selection, with the institutions asked for checked against what they may see. */
async function selection(ctx: ServerContext, scope: ReadScope, q: Filter): Promise<ScoreSelection> {
  if (q.institutionId) {
    // One answer for "not yours" and "does not exist": the refusal must not reveal which ids exist.
    if (!scope.all && q.institutionId.some((id) => !scope.institutionIds.includes(id)))
      throw new HttpError(403, 'Du har ikke adgang til alle de valgte institutioner', { code: 'ingen_adgang' });
    if (scope.all) {
      const found = await ctx.db.selectFrom('institutions').select('id').where('id', 'in', q.institutionId).execute();
      const missing = q.institutionId.filter((id) => !found.some((f) => f.id === id));
      if (missing.length > 0) throw new HttpError(400, `Ukendt institution: ${missing.join(', ')}`, { code: 'ukendt_institution' });
    }
  }
  return { scope, institutionIds: q.institutionId, from: q.from, to: q.to, onlyFinal: q.status === 'endelig' };
}

function nextUrl(request: FastifyRequest, cursor: PageToken): string {
  const [path = '', query = ''] = request.url.split('?');
  const params = new URLSearchParams(query);
  params.set('cursor', encodeCursor(cursor));
  return `${path}?${params.toString()}`;
}

/** Who took an export, of what (one row per export: the first page of a paged one, or the CSV file). */
function auditExport(ctx: ServerContext, request: FastifyRequest, format: 'json' | 'csv', q: Filter, total: number | null) {
  const filters = { from: q.from ?? null, to: q.to ?? null, status: q.status, institutionIds: q.institutionId ?? null };
  const token = request.apiToken;
  return audit(ctx.db, request, { action: 'export.theme_scores', details: { format, ...filters, total, ...(token ? { apiTokenId: token.id, apiTokenName: token.name } : {}) } });
}

/**
 * A reply written as it is read (scoreRowChunks): each chunk goes out before the next is read, and
 * not before the client has taken the last one (a byte stream pulls from the generator only while
 * its buffer has room), so the server holds one chunk, whatever the size of the export.
 */
function streamed(body: AsyncGenerator<string>): never {
  // Typed `never` for the type provider, which knows only the schema's object replies: Fastify sends a stream as it is.
  return Readable.from(body, { objectMode: false, highWaterMark: 64 * 1024 }) as never;
}

/**
 * One page of the JSON export, the same bytes as JSON.stringify of the reply schema's page
 * (columns, rows, total, limit, next, generatedAt), written chunk by chunk.
 */
async function* jsonPage(chunks: AsyncGenerator<ScoreExportRow[], ScoreCursor | null>, total: number, limit: number, nextOf: (c: ScoreCursor) => string): AsyncGenerator<string> {
  yield `{"columns":${JSON.stringify(SCORE_EXPORT_COLUMNS)},"rows":[`;
  let separator = '';
  let step = await chunks.next();
  while (!step.done) {
    const checked = ScoreExportRowsSchema.encode(step.value);
    // One JSON.stringify per chunk, its brackets cut off: the same bytes as the rows' strings joined by commas, without a string per row.
    if (checked.length) {
      yield separator + JSON.stringify(checked).slice(1, -1);
      separator = ',';
    }
    step = await chunks.next();
  }
  const next = step.value ? nextOf(step.value) : null;
  yield `],"total":${JSON.stringify(total)},"limit":${JSON.stringify(limit)},"next":${JSON.stringify(next)},"generatedAt":${JSON.stringify(new Date().toISOString())}}`;
}

/** The whole selection as CSV: BOM and header, then the lines chunk by chunk. */
async function* csvFile(chunks: AsyncGenerator<ScoreExportRow[], ScoreCursor | null>): AsyncGenerator<string> {
  yield scoresToCsv([]);
  for await (const rows of chunks) yield scoreRowsToCsvLines(rows);
}

/** Every logged-in user, each within their own visibility, and BI API tokens with the export scope, within theirs. */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tilsyn;
  app.addHook('onRequest', requireReader(ctx.db, 'export'));
  const config = { invalid: 'Ugyldigt udtræk' };

  // The reply schema describes the page; the page itself is streamed (jsonPage), its rows checked chunk by chunk.
  app.get('/theme-scores', { config, schema: { querystring: JsonQuerySchema, response: { 200: ThemeScoresPageSchema, ...ERROR_REPLIES } } }, async (request, reply) => {
    const q = request.query;
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
    if (q.cursor !== undefined && !after) throw new HttpError(400, 'Ugyldigt udtræk: cursor er ikke en side fra denne server; start forfra uden cursor', { code: 'ugyldig' });
    const s = await selection(ctx, readScopeOfRequest(request), q);
    // The total is counted for the first page and travels in the cursor: one count per export, not per page.
    const total = after ? after.total : await countScoreRows(ctx.readDb, s);
    if (!after) await auditExport(ctx, request, 'json', q, total);
    const body = jsonPage(scoreRowChunks(ctx.readDb, s, after, q.limit), total, q.limit, (next) => nextUrl(request, { ...next, total }));
    return reply.type('application/json; charset=utf-8').send(streamed(body));
  });

  // A string body with a text/csv type is sent as it is (Fastify serializes only objects).
  app.get('/theme-scores.csv', { config, schema: { querystring: CsvQuerySchema, response: { 200: z.string().describe('text/csv'), ...ERROR_REPLIES } } }, async (request, reply) => {
    const s = await selection(ctx, readScopeOfRequest(request), request.query);
    await auditExport(ctx, request, 'csv', request.query, null);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(todayIso(), 'csv')}"`)
      .header('cache-control', 'no-store')
      .send(streamed(csvFile(scoreRowChunks(ctx.readDb, s, null, Number.POSITIVE_INFINITY))));
  });
};
