import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DobbeltscoringSchema } from '../../shared/calibration/records';
import { DoubleScoringSettingsSchema, HandPickRequestSchema } from '../../shared/calibration/sampling';
import { audit } from '../audit/audit';
import { requireUser, userOf } from '../auth/requireUser';
import { handPick, loadSettings, saveSettings } from '../calibration/sampling';
import { fromJsonObject } from '../db/json';
import { writeTransaction } from '../db/sequence';
import { HttpError } from '../errors';
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
      const { inspectionId, secondRaterId } = request.body;
      const d = await writeTransaction(db, async (trx, seq) => {
        const row = await trx.selectFrom('records').select(['data', 'institution_id']).where('type', '=', 'inspection').where('id', '=', inspectionId).executeTakeFirst();
        if (!row) throw new HttpError(404, 'Tilsynet findes ikke');
        const data = fromJsonObject(row.data);
        const existing = await trx.selectFrom('records').select('id').where('type', '=', 'dobbeltscoring').where('id', '=', inspectionId).executeTakeFirst();
        if (existing) throw new HttpError(409, 'Tilsynet er allerede udtrukket til dobbeltscoring', { code: 'allerede_dobbeltscoret' });
        // Blind means before anyone has scored: a visit with an official step already is too late.
        const scored = await trx.selectFrom('records').select('data').where('type', '=', 'themeScore').where('inspection_id', '=', inspectionId).execute();
        const started = scored.some((s) => typeof fromJsonObject(s.data).step === 'number');
        if (!['planlagt', 'i_gang'].includes(String(data.status)) || started)
          throw new HttpError(409, 'Kun et tilsyn, der endnu ikke er scoret, kan dobbeltscores', { code: 'allerede_scoret' });
        const consultantIds = Array.isArray(data.consultantIds) ? data.consultantIds.map(String) : [];
        const visit = { id: inspectionId, institutionId: row.institution_id, date: String(data.date), consultantIds };
        const out = await handPick({ trx, seq, now: new Date().toISOString(), actor: { id: me.id, username: me.username }, clientId: 'server', random: calibrationRandom }, visit, secondRaterId);
        if ('refused' in out) throw new HttpError(409, out.refused, { code: 'ingen_anden_bedoemmer' });
        return out;
      });
      return { dobbeltscoring: d };
    },
  );
};
