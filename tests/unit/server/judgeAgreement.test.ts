import fc from 'fast-check';
import { expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/ids';
import { INSPECTION_STATUSES, themeScoreId, type InspectionStatus } from '../../../shared/inspection';
import type { RecordType } from '../../../shared/records';
import { judge, type Actor } from '../../../shared/rules';
import type { PushResult } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pushBody, useServer, type World } from './helpers';

/*
 * Push decides with the shared judge: for random (actor, record, change) on a state the test knows,
 * whatever the judge refuses, push rejects with the same code, and whatever it allows, push does
 * not reject for a rule (it may still refuse for what only the server checks). Push without the
 * judge, or with rules of its own, fails this.
 */
const PATH: readonly InspectionStatus[] = ['planlagt', 'i_gang', 'udkast', 'i_hoering', 'endelig'];
const RULE_CODES = new Set(['not_your_institution', 'leder_never_scores', 'leder_no_status', 'leder_read_only', 'only_leder_answers', 'follow_up_fields_are_leders',
  'follow_up_made_by_consultant', 'version_frozen', 'fixed_field', 'new_inspection_status', 'inspection_locked', 'illegal_transition', 'correction_reason_required',
  'children_locked', 'hoering_closed', 'report_version_needs_final', 'follow_up_needs_final', 'parent_missing', 'parent_not_created', 'id_not_anbefaling',
  'id_not_inspection', 'id_not_parts', 'follow_up_wrong_institution']);

type Who = 'konsulent' | 'leder' | 'forvaltning';
type Target = 'inspection' | 'score' | 'anbefaling' | 'newScore' | 'svar' | 'kommentar';

const changeArb = fc.oneof(
  fc.record({ target: fc.constant<Target>('inspection'), fields: fc.oneof(
    fc.constantFrom(...INSPECTION_STATUSES).map((status) => ({ status })),
    fc.constant({ status: 'udkast', correctionReason: 'Forkert trin i leg' }),
    fc.constant({ participants: ['Distriktsleder'] }),
    fc.constant({ institutionId: 'INST-B' }),
  ) }),
  fc.record({ target: fc.constant<Target>('score'), fields: fc.oneof(fc.integer({ min: 1, max: 4 }).map((step) => ({ step })), fc.constant({ note: 'Mere leg' }), fc.constant({ themeId: 'fysiske-rammer' })) }),
  fc.record({ target: fc.constant<Target>('anbefaling'), fields: fc.oneof(fc.constant({ text: 'Mere leg ude' }), fc.constant({ deleted: true })) }),
  fc.record({ target: fc.constant<Target>('newScore'), fields: fc.constant({ step: 3 }) }),
  fc.record({ target: fc.constant<Target>('svar'), fields: fc.constant({ answer: 'enig' }) }),
  fc.record({ target: fc.constant<Target>('kommentar'), fields: fc.constant({ text: 'Tak' }) }),
);

describeDialects('push and the shared judge decide alike', (d) => {
  const s = useServer(d, {}, { world: true });

  const tokenOf = (w: World, who: Who) => (who === 'konsulent' ? w.konsulentA : who === 'leder' ? w.lederA : w.admin);
  const actorOf = (who: Who): Actor => (who === 'forvaltning' ? { role: who, institutionIds: 'all' } : { role: who, institutionIds: ['INST-A'] });

  it('on random actors, records and changes', async () => {
    const w = s.world;
    const k = api(s.app, w.konsulentA);
    let device = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: PATH.length - 1 }), fc.constantFrom<Who>('konsulent', 'leder', 'forvaltning'), changeArb, async (reach, who, change) => {
        // An inspection with a score and an anbefaling, moved along the lifecycle to PATH[reach].
        const { id, rev: _r, updatedAt: _u, ...fields } = newInspection('INST-A', { status: 'planlagt', date: '2025-03-04' });
        const anbefalingId = uuidv7();
        const setup = [
          mutation('inspection', id, 0, fields),
          mutation('themeScore', themeScoreId(id, 'interaktion'), 0, { inspectionId: id, themeId: 'interaktion', step: 2 }),
          mutation('anbefaling', anbefalingId, 0, { inspectionId: id, themeId: 'interaktion', text: 'Mere leg', createdAt: '2025-03-04T10:00:00.000Z' }),
          ...PATH.slice(1, reach + 1).map((status) => mutation('inspection', id, 0, { status })),
        ];
        const made = pushBody(await k.push('agreement-setup', setup));
        expect(made.results.map((r) => r.status)).toEqual(setup.map(() => 'applied'));
        const copy = (type: string, rid: string) => made.records.find((r) => r.recordType === type && r.recordId === rid)?.state ?? null;
        const inspection = copy('inspection', id)!;

        const target: { type: RecordType; id: string; fields: Record<string, unknown> } = {
          inspection: { type: 'inspection' as const, id, fields: change.fields },
          score: { type: 'themeScore' as const, id: themeScoreId(id, 'interaktion'), fields: change.fields },
          anbefaling: { type: 'anbefaling' as const, id: anbefalingId, fields: change.fields },
          newScore: { type: 'themeScore' as const, id: themeScoreId(id, 'fysiske-rammer'), fields: { inspectionId: id, themeId: 'fysiske-rammer', ...change.fields } },
          svar: { type: 'hoeringssvar' as const, id: anbefalingId, fields: { inspectionId: id, anbefalingId, ...change.fields } },
          kommentar: { type: 'hoeringskommentar' as const, id, fields: { inspectionId: id, ...change.fields } },
        }[change.target];
        const current = copy(target.type, target.id);
        const res = await api(s.app, tokenOf(w, who)).push(`agreement-${who}-${device++}`, [mutation(target.type, target.id, current?.rev ?? 0, target.fields)]);
        if (res.statusCode !== 200) {
          // Refused as a request (visibility: a leder does not see a draft): nothing for the judge to decide.
          expect([403, 404]).toContain(res.statusCode);
          return;
        }
        const result = pushBody(res).results[0] as PushResult;
        const context = target.type === 'inspection' ? {} : { parentStatus: inspection.data.status as InspectionStatus, parentInstitutionId: 'INST-A' };
        const verdict = judge(actorOf(who), target.type, current?.data, { recordId: target.id, fields: target.fields }, context);
        const label = JSON.stringify({ who, status: PATH[reach], change, result });
        if (!verdict.ok) {
          expect(result, label).toMatchObject({ status: 'rejected', code: verdict.code });
        } else {
          expect(RULE_CODES.has(result.code ?? ''), label).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });
});
