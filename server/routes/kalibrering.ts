import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AgreementFiguresSchema,
  CalibrationAccessSettingsSchema,
  CalibrationLeadSchema,
  CalibrationSettingsStateSchema,
  UncertainThemesSchema,
} from '../../shared/calibration/figuresAccess';
import { VignetteAnswerSchema, VignetteDraftSchema, VignetteListSchema } from '../../shared/calibration/vignettes';
import { IsoDateSchema, todayIso } from '../../shared/dates';
import { audit } from '../audit/audit';
import { requireUser, userOf } from '../auth/requireUser';
import { agreementFigures, uncertainThemeIds } from '../calibration/figures';
import { calibrationLeadIds, calibrationSettings, isCalibrationLead, setCalibrationSettings } from '../calibration/figuresSettings';
import { answerVignette, listVignettes, publishVignette } from '../calibration/vignettes';
import { HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

const IdParams = z.object({ id: z.string().min(1).max(200) });
const FiguresQuery = z.object({ dato: IsoDateSchema.optional() });

/**
 * Calibration figures and sessions (issue 16 part B, docs/kalibrering.md). Konsulent and forvaltning
 * only: a leder never sees agreement figures (403). What each reader sees is decided by
 * shared/calibration/figuresAccess.ts; every answer holding consultants' figures by name is audited.
 */
export const kalibreringRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, readDb } = app.tilsyn;

  const reading: FastifyPluginAsyncZod = async (r) => {
    r.addHook('onRequest', requireUser(db, ['konsulent', 'forvaltning']));

    r.get(
      '/enighed',
      { config: { invalid: 'Ugyldig forespørgsel' }, schema: { querystring: FiguresQuery, response: { 200: AgreementFiguresSchema, ...ERROR_REPLIES } } },
      async (request) => {
        const me = userOf(request);
        const settings = await calibrationSettings(db);
        const reader = { id: me.id, role: me.role, calibrationLead: await isCalibrationLead(db, me.id) };
        const figures = await agreementFigures(readDb, reader, settings, request.query.dato ?? todayIso());
        if (!figures) throw new HttpError(403, 'Ledere har ikke adgang til enighedstal', { code: 'ingen_adgang' });
        if (figures.consultants.length > 0)
          await audit(db, request, {
            action: 'calibration.named_figures_viewed',
            details: { scope: figures.scope, consultantIds: figures.consultants.map((c) => c.consultantId), today: figures.today },
          });
        return figures;
      },
    );

    // Not named: which themes the goals dashboard marks as uncertain (cached on devices for offline use).
    r.get('/usikre-temaer', { schema: { response: { 200: UncertainThemesSchema, ...ERROR_REPLIES } } }, async () => {
      const { thresholds } = await calibrationSettings(db);
      return { themeIds: await uncertainThemeIds(readDb, thresholds, todayIso()), windowMonths: thresholds.windowMonths, generatedAt: new Date().toISOString() };
    });

    r.get('/vignetter', { schema: { response: { 200: VignetteListSchema, ...ERROR_REPLIES } } }, async (request) => {
      const me = userOf(request);
      const { thresholds } = await calibrationSettings(db);
      return { vignettes: await listVignettes(db, { id: me.id, role: me.role as 'konsulent' | 'forvaltning' }, thresholds.minVignetteAnswers) };
    });
  };

  const answering: FastifyPluginAsyncZod = async (r) => {
    r.addHook('onRequest', requireUser(db, ['konsulent']));
    r.post(
      '/vignetter/:id/svar',
      { config: { invalid: 'Ugyldige scorer' }, schema: { params: IdParams, body: VignetteAnswerSchema, response: { 201: z.object({ ok: z.literal(true) }), ...ERROR_REPLIES } } },
      async (request, reply) => {
        await answerVignette(db, request.params.id, userOf(request).id, request.body.scores);
        return reply.status(201).send({ ok: true });
      },
    );
  };

  const administering: FastifyPluginAsyncZod = async (r) => {
    r.addHook('onRequest', requireUser(db, ['forvaltning']));

    const state = async () => ({ ...(await calibrationSettings(db)), calibrationLeadUserIds: await calibrationLeadIds(db) });
    r.get('/indstillinger', { schema: { response: { 200: CalibrationSettingsStateSchema, ...ERROR_REPLIES } } }, state);
    r.patch(
      '/indstillinger',
      { config: { invalid: 'Ugyldige kalibreringsindstillinger' }, schema: { body: CalibrationAccessSettingsSchema, response: { 200: CalibrationSettingsStateSchema, ...ERROR_REPLIES } } },
      async (request) => {
        await setCalibrationSettings(db, request.body);
        await audit(db, request, { action: 'calibration.figures_settings_updated', details: { ...request.body.thresholds, namedFiguresForManagement: request.body.namedFiguresForManagement } });
        return state();
      },
    );

    r.post(
      '/vignetter',
      { config: { invalid: 'Ugyldig vignet' }, schema: { body: VignetteDraftSchema, response: { 201: z.object({ id: z.string() }), ...ERROR_REPLIES } } },
      async (request, reply) => {
        const id = await publishVignette(db, request.body, userOf(request).id);
        await audit(db, request, { action: 'calibration.vignette_published', target: id, details: { title: request.body.title } });
        return reply.status(201).send({ id });
      },
    );

    // Administration › Brugere: the calibration lead flag, on a konsulent or forvaltning user only.
    r.post(
      '/brugere/:id/kalibreringsansvarlig',
      { config: { invalid: 'Ugyldig ændring af bruger' }, schema: { params: IdParams, body: CalibrationLeadSchema, response: { 200: z.object({ id: z.string(), lead: z.boolean() }), ...ERROR_REPLIES } } },
      async (request) => {
        const user = await db.selectFrom('users').select(['id', 'role']).where('id', '=', request.params.id).executeTakeFirst();
        if (!user) throw new HttpError(404, 'Brugeren findes ikke', { code: 'findes_ikke' });
        if (request.body.lead && user.role === 'leder') throw new HttpError(409, 'Kun en konsulent eller en forvaltningsbruger kan være kalibreringsansvarlig', { code: 'forkert_rolle' });
        await db.updateTable('users').set({ calibration_lead: request.body.lead ? 1 : 0, updated_at: new Date().toISOString() }).where('id', '=', user.id).execute();
        await audit(db, request, { action: 'user.updated', target: user.id, details: { fields: ['calibrationLead'], calibrationLead: request.body.lead } });
        return { id: user.id, lead: request.body.lead };
      },
    );
  };

  await app.register(reading);
  await app.register(answering);
  await app.register(administering);
};
