import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GoalSchema } from '../../shared/goals';
import { createGoal, GoalPatchSchema, listGoals, updateGoal } from '../admin/goals';
import { audit } from '../audit/audit';
import { requireUser } from '../auth/requireUser';
import { ERROR_REPLIES } from './errorReplies';

const GoalListSchema = z.object({ goals: z.array(GoalSchema) });
const IdParams = z.object({ id: z.string().min(1).max(200) });

/**
 * Municipal goals (docs/sync-protocol.md): every logged-in user reads the same list, so every device
 * and every dashboard shows the same goals; forvaltning creates, edits and retires them. One scope
 * per audience, each with its own auth hook.
 */
export const goalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;

  const reading: FastifyPluginAsyncZod = async (reader) => {
    reader.addHook('onRequest', requireUser(db));
    reader.get('/goals', { schema: { response: { 200: GoalListSchema, ...ERROR_REPLIES } } }, async () => ({ goals: await listGoals(db) }));
  };

  const administering: FastifyPluginAsyncZod = async (admin) => {
    admin.addHook('onRequest', requireUser(db, ['forvaltning']));

    admin.post(
      '/admin/goals',
      { config: { invalid: 'Ugyldigt mål' }, schema: { body: GoalSchema, response: { 201: GoalSchema, ...ERROR_REPLIES } } },
      async (request, reply) => {
        const goal = await createGoal(db, request.body);
        await audit(db, request, { action: 'goal.created', target: goal.id, details: { themeId: goal.themeId } });
        return reply.status(201).send(goal);
      },
    );

    admin.patch(
      '/admin/goals/:id',
      { config: { invalid: 'Ugyldig ændring af mål' }, schema: { params: IdParams, body: GoalPatchSchema, response: { 200: GoalSchema, ...ERROR_REPLIES } } },
      async (request) => {
        const goal = await updateGoal(db, request.params.id, request.body);
        await audit(db, request, { action: 'goal.updated', target: goal.id, details: { fields: Object.keys(request.body), rev: goal.rev, retired: goal.retired } });
        return goal;
      },
    );
  };

  await app.register(reading);
  await app.register(administering);
};
