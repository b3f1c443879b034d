import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DobbeltscoringSchema } from '../../shared/calibration/records';
import { HandPickRequestSchema, handPickVisitProblem } from '../../shared/calibration/handPick';
import { DoubleScoringSettingsSchema } from '../../shared/calibration/sampling';
import { translate } from '../../shared/i18n/i18n';
import { audit } from '../audit/audit';
import { requireUser, userOf } from '../auth/requireUser';
import { handPick, loadSettings, saveSettings } from '../calibration/sampling';
import { fromJsonObject } from '../db/json';
import { writeTransaction } from '../db/sequence';
import { codedError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

/**
 * Forvaltning's side of double scoring (docs/kalibrering.md): the sampler's settings, and a visit
 * hand-picked for double scoring (marked not random). The draw itself happens in push.
 */
export const doubleScoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, calibrationRandom } = app.tilsyn;
  app.addHook('onRequest', requireUser(db, ['forvaltning']));

  app.get('/calibration/settings', { schema: { response: { 200: DoubleScoringSettingsSchema, ...ERROR_REPLIES } } }, async () => loadSettings(db));

  app.patch('/calibration/settings', { config: { invalid: 'Ugyldige indstillinger for dobbeltscoring' }, schema: { body: DoubleScoringSettingsSchema, response: { 200: DoubleScoringSettingsSchema, ...ERROR_REPLIES } } }, async (request) => {
    await saveSettings(db, request.body, new Date().toISOString());
    await audit(db, request, { action: 'calibration.settings_updated', details: { ...request.body } });
    return loadSettings(db);
  });

  app.post(
    '/calibration/handpick',
    { config: { invalid: 'Ugyldigt valg af tilsyn' }, schema: { body: HandPickRequestSchema, response: { 200: z.object({ dobbeltscoring: DobbeltscoringSchema }), ...ERROR_REPLIES } } },
    async (request) => {
      const me = userOf(request);
      const { inspectionId, secondRaterId, reason } = request.body;
      const d = await writeTransaction(db, async (trx, seq) => {
        const row = await trx.selectFrom('records').select(['data', 'institution_id']).where('type', '=', 'inspection').where('id', '=', inspectionId).where('deleted', '=', 0).executeTakeFirst();
        if (!row) throw codedError(404, 'tilsyn_findes_ikke', { issues: [{ path: 'inspectionId', message: translate('errors:code.tilsyn_findes_ikke') }] });
        const data = fromJsonObject(row.data);
        const existing = await trx.selectFrom('records').select('id').where('type', '=', 'dobbeltscoring').where('id', '=', inspectionId).executeTakeFirst();
        const scored = await trx.selectFrom('records').select('data').where('type', '=', 'themeScore').where('inspection_id', '=', inspectionId).execute();
        // The shared rule: blind means before anyone has scored (planned or started, no official step).
        const problem = handPickVisitProblem({ status: String(data.status), hasOfficialStep: scored.some((s) => typeof fromJsonObject(s.data).step === 'number'), doubleScored: !!existing });
        if (problem) {
          const code = problem === 'already_double_scored' ? 'allerede_dobbeltscoret' : 'allerede_scoret';
          throw codedError(409, code, { issues: [{ path: 'inspectionId', message: translate(`errors:code.${code}`) }] });
        }
        const consultantIds = Array.isArray(data.consultantIds) ? data.consultantIds.map(String) : [];
        const visit = { id: inspectionId, institutionId: row.institution_id, date: String(data.date), consultantIds };
        const out = await handPick({ trx, seq, now: new Date().toISOString(), actor: { id: me.id, username: me.username }, clientId: 'server', random: calibrationRandom }, visit, secondRaterId, reason);
        if ('refused' in out) throw codedError(409, out.refused, { issues: [{ path: out.refused === 'tilsyn_uden_konsulent' ? 'inspectionId' : 'secondRaterId', message: translate(`errors:code.${out.refused}`) }] });
        return out;
      });
      return { dobbeltscoring: d };
    },
  );
};
