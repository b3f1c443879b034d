import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema, type PullResponse, type PushResponse } from '../../shared/sync/wire';
import { audit } from '../audit/audit';
import type { Database } from '../db/schema';
import { requireUser, userOf } from '../auth/requireUser';
import { pullVersionFirst, pushVersionFirst } from '../sync/protocolVersion';
import { pullAfterCommit, pullChanges } from '../sync/pull';
import { pullResponseJson } from '../sync/pullJson';
import { pushMutations } from '../sync/push';
import { ERROR_REPLIES } from './errorReplies';

/** The sync protocol (docs/sync-protocol.md); what push and pull do lives in server/sync/. */
export const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, readDb, calibrationRandom } = app.tilsyn;
  app.addHook('onRequest', requireUser(db));
  const config = { invalid: 'Ugyldig synkronisering' };
  // The answers are built from the wire types (shared/sync/wire.ts) and parsed by the client with
  // those schemas; encoding them with zod here as well cost 12 ms per 1,000 records, more than
  // reading them (docs/server.md, "Sync answers"). The schemas stay for the route's documentation.
  // Pull: the stored data texts are spliced in as they are (sync/pullJson.ts). An error answer is plain JSON.
  const pullSerializerCompiler = () => (data: unknown) => (isPullResponse(data) ? pullResponseJson(data) : JSON.stringify(data));
  // Push: plain JSON, but a pull page it carries (`pull`) is spliced the same way.
  const pushSerializerCompiler = () => (data: unknown) => (isPushWithPull(data) ? pushResponseJson(data) : JSON.stringify(data));

  app.post('/push', { config, serializerCompiler: pushSerializerCompiler, preValidation: pushVersionFirst, schema: { body: PushRequestSchema, response: { 200: PushResponseSchema, ...ERROR_REPLIES } } }, async (request) => {
    const pull = request.body.pull;
    const pullQuery = pull ? { ...pull, v: request.body.protocolVersion } : undefined;
    // PostgreSQL: the first pull page goes out behind the push's COMMIT, in its round trip (pull.ts `pullAfterCommit`).
    let afterCommit: Promise<PullResponse | undefined> | undefined;
    const beforeCommit = pullQuery
      ? async (trx: Transaction<Database>) => {
          afterCommit = (await pullAfterCommit(trx, userOf(request), pullQuery)).page;
        }
      : undefined;
    const answer = await pushMutations(db, userOf(request), request.body, new Date(), { random: calibrationRandom, beforeCommit });
    // A publication is a security event (docs/security.md): who published which report, and whether the privacy check was overridden.
    for (const m of request.body.mutations) {
      if (m.recordType !== 'publicering' && m.recordType !== 'tilbagetraekning') continue;
      const r = answer.results.find((x) => x.mutationId === m.mutationId);
      if (r?.status !== 'applied' || r.rev !== 1 || r.duplicate) continue;
      // A withdrawal likewise: who took which publication off the public page (the reason is in the revision log).
      if (m.recordType === 'tilbagetraekning') {
        await audit(db, request, { action: 'report.withdrawn', target: m.recordId, details: { withdrawnOn: String(m.fields.withdrawnOn ?? '') } });
        continue;
      }
      const reason = m.fields.privacyOverrideReason;
      await audit(db, request, { action: 'report.published', target: m.recordId, details: { url: String(m.fields.url ?? ''), privacyOverridden: typeof reason === 'string' && reason.trim() !== '' } });
    }
    if (!pullQuery) return answer;
    // A sync in one round trip (docs/sync-protocol.md §3a): the first pull page, read as GET /pull
    // reads it, after the push has committed (on SQLite pushMutations answers after the group
    // commit; on PostgreSQL it was read right after the COMMIT, or it is read now), so the page's
    // bound covers this push and the cursor rule holds as for any pull.
    try {
      return { ...answer, pull: (await afterCommit) ?? (await pullChanges(readDb, userOf(request), pullQuery)) };
    } catch (error) {
      // The push is stored: its answer must reach the device (a 500 would tell it nothing was stored).
      // Without `pull` the device asks GET /pull for the page.
      request.log.error({ err: error }, 'pull within push failed; push answered without the page');
      return answer;
    }
  });

  app.get('/pull', { config, serializerCompiler: pullSerializerCompiler, preValidation: pullVersionFirst, schema: { querystring: PullQuerySchema, response: { 200: PullResponseSchema, ...ERROR_REPLIES } } }, async (request) =>
    pullChanges(readDb, userOf(request), request.query),
  );
};

const isPullResponse = (data: unknown): data is PullResponse => typeof data === 'object' && data !== null && Array.isArray((data as { changes?: unknown }).changes) && 'nextCursor' in data;
const isPushWithPull = (data: unknown): data is PushResponse & { pull: PullResponse } =>
  typeof data === 'object' && data !== null && Array.isArray((data as { results?: unknown }).results) && isPullResponse((data as { pull?: unknown }).pull);

/** The push answer with its pull page, as JSON.stringify would write it, the page spliced (pullResponseJson). */
function pushResponseJson(data: PushResponse & { pull: PullResponse }): string {
  const { pull, ...push } = data;
  const head = JSON.stringify(push);
  return `${head.slice(0, -1)},"pull":${pullResponseJson(pull)}}`;
}
