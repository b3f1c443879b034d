import type { Kysely, Transaction } from 'kysely';
import type { InspectionStatus } from '../../shared/inspection';
import { MUTABLE_RECORDS } from '../../shared/records';
import { judge, reasonMessage, type JudgeContext, type Refusal } from '../../shared/rules';
import type { Conflict, Issue, Mutation, PushRequest, PushResponse, PushResult } from '../../shared/sync/wire';
import type { AuthUser } from '../auth/tokens';
import { fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { isPostgres, writeTransaction } from '../db/sequence';
import { describeIssues, issuesOf } from '../errors';
import { danishErrors } from '../validate';
import { recordResult, snapshots, storedResults } from './answer';
import { BatchState } from './batchState';
import { checkRequest } from './envelope';
import { changedFields, mergeFields } from './merge';
import { checkProtocolVersion } from './protocolVersion';
import { flagPersonalData } from './privacyFlags';
import { RAMME_FIELD, rammeIdOn, withoutRammeField } from './rammeStamp';
import { isSchemaDefault, userFieldsOf, withUnknownFields, type FieldRevs, type RecordRow } from './records';
import { baseRevCheck, creationCheck, missingRecordCheck } from './serverChecks';
import { auditNewOverrides, inspectionJudgeContext } from './inspectionContext';
import { insertRecord, placementOf, resolveConflicts, storeConflicts, updateRecord } from './store';
import { drawOnArrival } from '../calibration/sampling';
import { doubleScoringContext, revealWhenBothSealed } from '../calibration/sealing';

/** What a push may be given beyond the request: the double-scoring sampler's random source (tests seed it). */
export interface PushOptions {
  random?: () => number;
  /**
   * Called in the push's transaction after its last write, before its COMMIT (again on a retry):
   * a read to go out with the COMMIT (routes/sync.ts, the first pull page; db/pipeline.ts).
   */
  beforeCommit?: (trx: Transaction<Database>) => Promise<void>;
}

/**
 * POST /api/sync/push: apply a batch of mutations in one transaction, in order, each against the
 * state the earlier ones left. The stages, one module each:
 *   envelope (parse + request checks) → batchState (load) → judge (shared/rules + serverChecks)
 *   → merge → store → flag (privacyFlags: personal data found is flagged, never refused) → answer.
 *
 * Two kinds of "no":
 * - The request itself is wrong (a field of the wrong type, a record the user may not see, a
 *   conflict id of another record): the whole request fails with a 4xx and nothing is stored.
 * - The mutation is well-formed but not allowed now (role, lifecycle, the merged record would be
 *   invalid): it gets status "rejected" with a reason and its code, stored like any result, so a
 *   retry gets the same answer.
 */
export async function pushMutations(db: Kysely<Database>, user: AuthUser, request: PushRequest, now: Date = new Date(), options: PushOptions = {}): Promise<PushResponse> {
  checkProtocolVersion(request.protocolVersion);
  const mutations = request.mutations;
  const concurrent = isPostgres(db);
  // On PostgreSQL pushes run side by side, each locking the inspections it touches
  // (BatchState.prefetch); a retry after a clash starts over with a fresh state. On SQLite pushes
  // that wait for the writer share one commit (db/sequence.ts, group commit).
  return writeTransaction(db, async (trx, seq) => {
    const state = new BatchState(trx, seq, user, request.clientId, now.toISOString());
    if (options.random) state.random = options.random;
    // PostgreSQL: registration, stored results and the locked reads in one round trip (db/pushLoad.ts).
    const preread = concurrent ? await state.prefetchLocked(mutations, mutations.length) : undefined;
    const stored = await storedResults(state, mutations.map((m) => m.mutationId), preread);
    if (!concurrent) await state.prefetch(mutations);
    await checkRequest(state, mutations, stored);

    const results: PushResult[] = [];
    const inBatch = new Map<string, PushResult>();
    for (const m of mutations) {
      const previous = stored.get(m.mutationId) ?? inBatch.get(m.mutationId);
      if (previous) {
        results.push({ ...previous, duplicate: true });
        continue;
      }
      const result = await apply(state, m);
      await flagPersonalData(state, m, result);
      inBatch.set(m.mutationId, result);
      results.push(result);
      recordResult(state, m, result);
    }
    await state.flush();
    const answer = { results, records: await snapshots(state, mutations) };
    await options.beforeCommit?.(trx);
    return answer;
  }, { concurrent: { reserve: mutations.length, registersItself: true } });
}

type Rejection = { reason: string; code?: string; issues?: Issue[] };
type Applied = { rev: number; applied: string[]; conflicts: Conflict[] };

const refused = (r: Refusal): Rejection => ({ reason: reasonMessage(r), code: r.code });

async function apply(state: BatchState, m: Mutation): Promise<PushResult> {
  const row = await state.row(m.recordType, m.recordId);
  const outcome = row ? await update(state, m, row) : await create(state, m);
  if ('reason' in outcome) {
    if (!row) state.rejectCreation(m.recordType, m.recordId);
    const { reason, code, issues } = outcome;
    return { mutationId: m.mutationId, status: 'rejected', rev: row?.rev ?? null, applied: [], conflicts: [], reason, ...(code ? { code } : {}), ...(issues ? { issues } : {}) };
  }
  if (m.resolvesConflicts?.length) await resolveConflicts(state, m);
  if (m.recordType === 'uafhaengigScore' && outcome.applied.length > 0) await revealWhenBothSealed(state, String((await state.row(m.recordType, m.recordId))?.inspection_id));
  return { mutationId: m.mutationId, status: outcome.conflicts.length > 0 ? 'conflict' : 'applied', rev: outcome.rev, applied: outcome.applied, conflicts: outcome.conflicts };
}

/**
 * The fields only the server writes (the inspection's tilsynsramme, the reveal of a blind set) are
 * not the client's to send.
 */
function serverOwnedRemoved(type: Mutation['recordType'], fields: Record<string, unknown>): Record<string, unknown> {
  if (type === 'inspection') return withoutRammeField(fields);
  if (type === 'uafhaengigScore' && Object.hasOwn(fields, 'revealedTo')) return Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'revealedTo'));
  return fields;
}

/** Record types whose rules read the inspection's double scoring (shared/calibration/records.ts). */
const DOUBLE_SCORED_CHILDREN: readonly string[] = ['themeScore', 'fokuspunktNote', 'dobbeltscoring', 'uafhaengigScore'];

/** What the judge needs of a child record's inspection. */
async function parentContext(state: BatchState, type: Mutation['recordType'], parent: RecordRow | undefined): Promise<JudgeContext> {
  if (!parent) return {};
  const context: JudgeContext = { parentStatus: fromJsonObject(parent.data).status as InspectionStatus, parentInstitutionId: parent.institution_id };
  return DOUBLE_SCORED_CHILDREN.includes(type) ? { ...context, ...(await doubleScoringContext(state, parent.id)) } : context;
}

function invalid(error: Parameters<typeof issuesOf>[0], prefix: string): Rejection {
  const issues = issuesOf(error);
  return { reason: `${prefix}: ${describeIssues(issues)}`, code: 'ugyldig', issues };
}

async function create(state: BatchState, m: Mutation): Promise<Rejection | Applied> {
  const fields = serverOwnedRemoved(m.recordType, userFieldsOf(m.fields));
  const missing = missingRecordCheck(state, m);
  if (missing) return refused(missing);

  const parent = m.recordType === 'inspection' ? undefined : await state.row('inspection', String(fields.inspectionId));
  const candidate = { ...fields, id: m.recordId, rev: 1, updatedAt: state.now };
  const context = m.recordType === 'inspection' ? await inspectionJudgeContext(state, m.recordId, candidate, fields) : await parentContext(state, m.recordType, parent);
  const verdict = judge(state.actor, m.recordType, undefined, { recordId: m.recordId, fields, next: candidate }, context);
  if (!verdict.ok) return refused(verdict);

  const parsed = MUTABLE_RECORDS[m.recordType].safeParse(candidate, { error: danishErrors });
  if (!parsed.success) return invalid(parsed.error, 'Posten er ugyldig');
  const data = withUnknownFields(m.recordType, candidate, parsed.data as Record<string, unknown>);
  if (m.recordType === 'inspection') data[RAMME_FIELD] = await rammeIdOn(state.trx, data.date);
  const parentData = parent ? fromJsonObject(parent.data) : {};
  const check = await creationCheck(state, m, data, parentData);
  if (check) return refused(check);

  const where = parent ? { id: parent.id, institutionId: parent.institution_id, lederVisible: parent.leder_visible } : undefined;
  await insertRecord(state, m, data, placementOf(m.recordType, m.recordId, data, where));
  if (m.recordType === 'inspection') await auditNewOverrides(state, m.recordId, undefined, data);
  // A planned visit reaching the server for the first time: the double-scoring sampler draws (a
  // visit that arrives already started or final is not in the sample).
  if (m.recordType === 'inspection' && data.status === 'planlagt') {
    const consultantIds = Array.isArray(data.consultantIds) ? data.consultantIds.map(String) : [];
    const ctx = { trx: state.trx, seq: state.seq, now: state.now, actor: { id: state.user.id, username: state.user.username }, clientId: state.clientId, random: state.random };
    const drawn = await drawOnArrival(ctx, { id: m.recordId, institutionId: String(data.institutionId), date: String(data.date), consultantIds }, state.user.id);
    if (drawn) state.remember('dobbeltscoring', m.recordId, null);
  }
  return { rev: 1, applied: Object.keys(fields).sort(), conflicts: [] };
}

async function update(state: BatchState, m: Mutation, row: RecordRow): Promise<Rejection | Applied> {
  const ahead = baseRevCheck(m, row);
  if (ahead) return refused(ahead);
  const fields = serverOwnedRemoved(m.recordType, userFieldsOf(m.fields));
  const data = fromJsonObject(row.data);
  const isDefault = (f: string, v: unknown) => isSchemaDefault(m.recordType, f, v);

  // Judged on the server's current state, whatever the client's base was.
  const changed = changedFields(fields, data, m.baseRev, isDefault);
  const parent = m.recordType === 'inspection' ? undefined : await state.row('inspection', row.inspection_id);
  const context = m.recordType === 'inspection' ? await inspectionJudgeContext(state, m.recordId, { ...data, ...changed }, changed) : await parentContext(state, m.recordType, parent);
  const verdict = judge(state.actor, m.recordType, data, { recordId: m.recordId, fields: changed }, context);
  if (!verdict.ok) return refused(verdict);

  const merge = mergeFields({ current: data, fieldRevs: fromJsonObject(row.field_revs) as FieldRevs, baseRev: m.baseRev, clientId: state.clientId, fields, isUntypedDefault: isDefault });
  const applied = Object.keys(merge.apply).sort();
  let rev = row.rev;
  if (applied.length > 0) {
    const candidate: Record<string, unknown> = { ...data, ...merge.apply, id: m.recordId, rev: row.rev + 1, updatedAt: state.now };
    // Until it is final, an inspection follows the ramme in force on its (possibly new) date.
    if (m.recordType === 'inspection' && data.status !== 'endelig') candidate[RAMME_FIELD] = await rammeIdOn(state.trx, candidate.date);
    const parsed = MUTABLE_RECORDS[m.recordType].safeParse(candidate, { error: danishErrors });
    if (!parsed.success) return invalid(parsed.error, m.baseRev < row.rev ? 'Ændringen passer ikke med den nyeste version på serveren' : 'Posten er ugyldig');
    const stored = withUnknownFields(m.recordType, candidate, parsed.data as Record<string, unknown>);
    rev = await updateRecord(state, m, row, stored, applied);
    if (m.recordType === 'inspection') await auditNewOverrides(state, m.recordId, data, stored);
  }
  const conflicts = merge.conflicts.length > 0 ? await storeConflicts(state, m, row, rev, merge.conflicts) : [];
  return { rev, applied, conflicts };
}
