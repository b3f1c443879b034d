import type { Issue, Mutation, PushResult } from '../../shared/sync/wire';
import { HttpError, describeIssues, issuesOf } from '../errors';
import { danishErrors } from '../validate';
import { rowKey as key, type BatchState } from './batchState';
import { snapshots } from './answer';
import { fieldSchema, userFieldsOf } from './records';
import { canSeeInstitution, canSeeRecord } from './visibility';

/**
 * The "parse envelope" stage of a push, after the route has checked the protocol version
 * (protocolVersion.ts, before the schema) and parsed the body with the wire schema: the checks of
 * the request itself. Any failure refuses the whole request with a 4xx and nothing is stored
 * (docs/sync-protocol.md §3, "Refused requests").
 */

interface RequestError {
  index: number;
  mutationId: string;
  status: number;
  reason: string;
  issues?: Issue[];
}
type Problem = Omit<RequestError, 'index' | 'mutationId'>;

/**
 * Each mutation checked against the records before the batch and the creations earlier in the
 * batch: a change to a record the batch creates is checked as a change to an existing record.
 */
export async function checkRequest(state: BatchState, mutations: readonly Mutation[], stored: ReadonlyMap<string, PushResult>): Promise<void> {
  const errors: RequestError[] = [];
  const seen = new Set<string>();
  /** Records created earlier in this batch (type\0id), and the inspections among them. */
  const planned = new Set<string>();
  for (const [index, m] of mutations.entries()) {
    if (stored.has(m.mutationId) || seen.has(m.mutationId)) continue;
    seen.add(m.mutationId);
    const error = await checkMutation(state, m, planned);
    if (error) errors.push({ index, mutationId: m.mutationId, ...error });
  }
  if (errors.length === 0) return;
  const first = errors[0]!;
  const records = await snapshots(state, errors.map((e) => mutations[e.index]!));
  const message = errors.length === 1 ? first.reason : `${errors.length} ændringer kunne ikke modtages. Den første: ${first.reason}`;
  throw new HttpError(first.status, message, { code: 'ugyldig_aendring', issues: first.issues, errors, records });
}

const NOT_VISIBLE: Problem = { status: 404, reason: 'Posten findes ikke, eller du har ikke adgang til den' };

async function checkMutation(state: BatchState, m: Mutation, planned: Set<string>): Promise<Problem | null> {
  if (Object.hasOwn(m.fields, 'id') && m.fields.id !== m.recordId) return { status: 400, reason: 'Feltet id skal være det samme som recordId' };
  const fields = userFieldsOf(m.fields);
  if (Object.keys(fields).length === 0 && !(m.resolvesConflicts?.length ?? 0)) return { status: 400, reason: 'Ændringen indeholder ingen felter' };

  // Each field against its own schema (the record as a whole is checked when it is applied).
  const issues: Issue[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const schema = fieldSchema(m.recordType, field);
    if (!schema) continue; // a newer client's field: kept, not judged
    const r = schema.safeParse(value, { error: danishErrors });
    if (!r.success) for (const i of issuesOf(r.error)) issues.push({ path: i.path ? `${field}.${i.path}` : field, message: i.message });
  }
  if (issues.length > 0) return { status: 400, reason: `Ugyldige felter: ${describeIssues(issues)}`, issues };

  const row = await state.row(m.recordType, m.recordId);
  if (row) {
    if (!canSeeRecord(state.user, row)) return NOT_VISIBLE;
  } else if (planned.has(key(m.recordType, m.recordId))) {
    // Created earlier in this batch (and checked there): a change to it, applied in order.
  } else if (m.baseRev > 0) {
    return NOT_VISIBLE; // a change to a record the server does not have
  } else if (m.recordType === 'inspection') {
    const institutionId = fields.institutionId;
    if (typeof institutionId !== 'string') return { status: 400, reason: 'Et nyt tilsyn skal have en institution (institutionId)' };
    if (!canSeeInstitution(state.user, institutionId)) return { status: 403, reason: `Du har ikke adgang til institutionen ${institutionId}` };
    if (!(await state.institutionExists(institutionId))) return { status: 404, reason: `Institutionen ${institutionId} findes ikke` };
    planned.add(key(m.recordType, m.recordId));
  } else {
    const inspectionId = fields.inspectionId;
    if (typeof inspectionId !== 'string') return { status: 400, reason: 'En ny post skal høre til et tilsyn (inspectionId)' };
    const parent = await state.row('inspection', inspectionId);
    const visible = parent ? canSeeRecord(state.user, parent) : planned.has(key('inspection', inspectionId));
    if (!visible) return { status: 404, reason: `Tilsynet ${inspectionId} findes ikke, eller du har ikke adgang til det` };
    planned.add(key(m.recordType, m.recordId));
  }

  if (m.resolvesConflicts?.length) {
    const found = await state.trx.selectFrom('conflicts').select(['id', 'record_type', 'record_id']).where('id', 'in', m.resolvesConflicts).execute();
    for (const id of m.resolvesConflicts) {
      const c = found.find((f) => f.id === id);
      if (!c || c.record_type !== m.recordType || c.record_id !== m.recordId) return { status: 400, reason: `Konflikten ${id} hører ikke til denne post` };
    }
  }
  return null;
}
