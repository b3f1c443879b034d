import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { formatProblem } from '../../shared/importCsv';
import { IMPORT_BODY_LIMIT, ImportQuerySchema, ImportRefusedSchema, ImportRequestSchema, ImportSummarySchema, type ImportRefused } from '../../shared/importApi';
import { audit } from '../audit/audit';
import { requireUser, userOf } from '../auth/requireUser';
import { importInstitutions, importThemeScores, type ImportCall, type ImportOutcome } from '../import/importFiles';
import { ERROR_REPLIES } from './errorReplies';

/**
 * Import of institutions and historical theme scores on the server (forvaltning only;
 * docs/import-format.md). `?dryRun=1` checks the file and answers what the import would do; without
 * it the file is written in one transaction. A file with problems: 422 with every problem, nothing stored.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;
  app.addHook('onRequest', requireUser(db, ['forvaltning']));
  const schema = {
    body: ImportRequestSchema,
    querystring: ImportQuerySchema,
    response: { 200: ImportSummarySchema, 422: ImportRefusedSchema, ...ERROR_REPLIES },
  };
  const options = { schema, bodyLimit: IMPORT_BODY_LIMIT, config: { invalid: 'Ugyldig import' } };

  const route = (kind: 'institutions' | 'theme-scores', run: (call: ImportCall) => Promise<ImportOutcome>) =>
    app.post(`/${kind}`, options, async (request, reply) => {
      const dryRun = request.query.dryRun === '1' || request.query.dryRun === 'true';
      const outcome = await run({
        request: request.body,
        dryRun,
        user: userOf(request),
        audit: async (trx, summary) => {
          if (summary.dryRun) return;
          await audit(trx, request, {
            action: kind === 'institutions' ? 'import.institutions' : 'import.theme_scores',
            target: summary.fileName,
            details: { institutions: summary.institutions, inspections: summary.inspections, themeScores: summary.themeScores, encoding: summary.encoding },
          });
        },
      });
      if (outcome.ok) return outcome.summary;
      const n = outcome.problems.length;
      const body: ImportRefused = {
        error: `${request.body.fileName} kan ikke importeres (${n} fejl): ${outcome.problems.slice(0, 3).map(formatProblem).join('; ')}${n > 3 ? ' …' : ''}. Intet er gemt.`,
        code: 'importfejl',
        // The same list as issues, so a client that reads only the common error body still shows each problem.
        issues: outcome.problems.map((p) => ({ path: `Linje ${p.line}${p.column ? `, kolonne ${p.column}` : ''}`, message: p.message })),
        problems: outcome.problems,
      };
      return reply.status(422).send(body);
    });

  route('institutions', (call) => importInstitutions(db, call));
  route('theme-scores', (call) => importThemeScores(db, call));
};
