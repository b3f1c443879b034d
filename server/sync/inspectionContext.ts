import type { JudgeContext } from '../../shared/rules';
import { relationsOf } from '../admin/relations';
import { auditRow } from '../audit/audit';
import type { BatchState } from './batchState';
import { doubleScoringContext, themeStepsOf } from '../calibration/sealing';
import { rammeOn } from './rammeStamp';

const EDITABLE: readonly unknown[] = ['planlagt', 'i_gang', 'udkast'];

/**
 * What the shared judge needs of an inspection beyond the record (shared/rules/types.ts): the
 * relations of its consultants (impartiality) and, when it is made final, how many observations it
 * has and which data its tilsynsramme names. Read inside the push transaction, so observations created earlier in the batch count.
 */
export async function inspectionJudgeContext(state: BatchState, inspectionId: string, next: Readonly<Record<string, unknown>>, fields: Readonly<Record<string, unknown>>): Promise<JudgeContext> {
  const ids = Array.isArray(next.consultantIds) ? next.consultantIds.filter((x): x is string => typeof x === 'string') : [];
  const context: JudgeContext = { relations: await relationsOf(state.trx, ids) };
  if (fields.status === 'endelig') {
    await state.settle();
    const row = await state.trx
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'observation')
      .where('inspection_id', '=', inspectionId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    context.observationCount = Number(row?.n ?? 0);
    // The data the ramme in force on the visit's date names: the report answers each (R1.9).
    context.rammeDataItems = (await rammeOn(state.trx, next.date))?.dataItems ?? [];
  }
  // Leaving the editable statuses: a double-scored visit needs its consensus as the official steps.
  if (Object.hasOwn(fields, 'status') && !EDITABLE.includes(fields.status)) {
    const calibration = await doubleScoringContext(state, inspectionId);
    if (calibration.doubleScoring) Object.assign(context, calibration, { themeSteps: await themeStepsOf(state, inspectionId) });
  }
  return context;
}

type Override = { userId?: unknown; reason?: unknown; by?: unknown; at?: unknown };
const overridesOf = (data: Readonly<Record<string, unknown>> | undefined): Override[] => (Array.isArray(data?.impartialityOverrides) ? (data.impartialityOverrides as Override[]) : []);

/**
 * Forvaltning's impartiality overrides go to the audit trail (with the written reason), once each:
 * the ones this change added. The report never shows them (shared/reportModel.ts does not read them).
 */
export async function auditNewOverrides(state: BatchState, inspectionId: string, before: Readonly<Record<string, unknown>> | undefined, after: Readonly<Record<string, unknown>>): Promise<void> {
  const known = new Set(overridesOf(before).map((o) => `${String(o.userId)}\u0000${String(o.reason)}`));
  for (const o of overridesOf(after)) {
    if (known.has(`${String(o.userId)}\u0000${String(o.reason)}`)) continue;
    await auditRow(state.trx, {
      action: 'impartiality.override',
      actor: { id: state.user.id, username: state.user.username },
      target: inspectionId,
      details: { consultantId: String(o.userId), institutionId: String(after.institutionId), date: String(after.date), reason: String(o.reason) },
    });
  }
}
