import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Framework } from '../../shared/framework';
import { uuidv7 } from '../../shared/ids';
import { fokuspunktNoteId, themeScoreId, type InspectionStatus } from '../../shared/inspection';
import { reportVersionId } from '../../shared/reportVersion';
import { MUTABLE_RECORDS, type RecordType } from '../../shared/records';
import { jsonEqual } from '../../shared/sync/jsonEqual';
import type { Conflict, Issue, Mutation, PushRequest, PushResponse, PushResult, RecordSnapshot } from '../../shared/sync/wire';
import type { AuthUser } from '../auth/tokens';
import { fromJson, fromJsonObject, toJson } from '../db/json';
import type { Database, MutationsTable, RecordRevisionsTable } from '../db/schema';
import { writeTransaction, type SeqAllocator } from '../db/sequence';
import { HttpError, describeIssues, issuesOf } from '../errors';
import { danishErrors } from '../validate';
import { conflictToWire, selectConflicts } from './conflicts';
import { mergeFields, type FieldConflict } from './merge';
import {
  IMMUTABLE_FIELDS,
  VERSION_IS_FROZEN,
  childStatusReason,
  immutableReason,
  inspectionEditReason,
  newInspectionReason,
  transitionReason,
  writeRightReason,
} from './policy';
import { getRecordRow, isTombstone, shapeOf, stateOf, userFieldsOf, withUnknownFields, type FieldRevs, type RecordRow } from './records';
import {
  LEDER_ALWAYS_VISIBLE_TYPES,
  LEDER_HIDDEN,
  LEDER_VISIBLE,
  canSeeInstitution,
  canSeeRecord,
  childLederVisibility,
  inspectionLederVisibility,
  isLederVisibleStatus,
} from './visibility';

/**
 * POST /api/sync/push: apply a batch of mutations in one transaction, in order.
 *
 * Two kinds of "no":
 * - The request itself is wrong (a field of the wrong type, a record the user may not see, a
 *   conflict id of another record): the whole request fails with a 4xx and nothing is stored.
 * - The mutation is well-formed but not allowed now (role, lifecycle, the merged record would be
 *   invalid): it gets status "rejected" with a reason, which is stored like any result, so a retry
 *   gets the same answer.
 */
export async function pushMutations(db: Kysely<Database>, user: AuthUser, request: PushRequest, now: Date = new Date()): Promise<PushResponse> {
  return writeTransaction(db, (trx, seq) => new PushBatch(trx, seq, user, request.clientId, now.toISOString()).run(request.mutations));
}

interface RequestError {
  index: number;
  mutationId: string;
  status: number;
  reason: string;
  issues?: Issue[];
}

type Rejection = { reason: string; issues?: Issue[] };

const INSERT_CHUNK = 100;
const rowKey = (type: string, id: string) => `${type}\u0000${id}`;

class PushBatch {
  private readonly frameworkCache = new Map<string, Framework | null>();
  /** Records read or written in this transaction: type\0id → row (null: none). */
  private readonly rowCache = new Map<string, RecordRow | null>();
  private readonly institutionCache = new Map<string, boolean>();
  private readonly mutationRows: Insertable<MutationsTable>[] = [];
  private readonly revisionRows: Insertable<RecordRevisionsTable>[] = [];

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly seq: SeqAllocator,
    private readonly user: AuthUser,
    private readonly clientId: string,
    private readonly now: string,
  ) {}

  async run(mutations: Mutation[]): Promise<PushResponse> {
    const stored = await this.storedResults(mutations.map((m) => m.mutationId));
    await this.prefetch(mutations);
    await this.checkRequest(mutations, stored);

    const results: PushResult[] = [];
    const inBatch = new Map<string, PushResult>();
    for (const m of mutations) {
      const previous = stored.get(m.mutationId) ?? inBatch.get(m.mutationId);
      if (previous) {
        results.push({ ...previous, duplicate: true });
        continue;
      }
      const result = await this.apply(m);
      inBatch.set(m.mutationId, result);
      results.push(result);
      this.mutationRows.push({
        client_id: this.clientId,
        mutation_id: m.mutationId,
        user_id: this.user.id,
        record_type: m.recordType,
        record_id: m.recordId,
        status: result.status,
        result: toJson(result),
        created_at: this.now,
      });
    }
    for (let i = 0; i < this.revisionRows.length; i += INSERT_CHUNK) await this.trx.insertInto('record_revisions').values(this.revisionRows.slice(i, i + INSERT_CHUNK)).execute();
    for (let i = 0; i < this.mutationRows.length; i += INSERT_CHUNK) await this.trx.insertInto('mutations').values(this.mutationRows.slice(i, i + INSERT_CHUNK)).execute();
    return { results, records: await this.snapshots(mutations) };
  }

  /** Read every record the batch names (and their inspections) in one query. */
  private async prefetch(mutations: Mutation[]): Promise<void> {
    const ids = new Set<string>();
    for (const m of mutations) {
      ids.add(m.recordId);
      if (typeof m.fields.inspectionId === 'string') ids.add(m.fields.inspectionId);
    }
    const list = [...ids];
    for (let i = 0; i < list.length; i += 500) {
      const rows = await this.trx.selectFrom('records').selectAll().where('id', 'in', list.slice(i, i + 500)).execute();
      for (const r of rows) this.rowCache.set(rowKey(r.type, r.id), r);
    }
    for (const m of mutations) {
      if (!this.rowCache.has(rowKey(m.recordType, m.recordId))) this.rowCache.set(rowKey(m.recordType, m.recordId), null);
      if (typeof m.fields.inspectionId === 'string' && !this.rowCache.has(rowKey('inspection', m.fields.inspectionId)))
        this.rowCache.set(rowKey('inspection', m.fields.inspectionId), null);
    }
  }

  private async row(type: string, id: string): Promise<RecordRow | undefined> {
    const key = rowKey(type, id);
    if (!this.rowCache.has(key)) this.rowCache.set(key, (await getRecordRow(this.trx, type, id)) ?? null);
    return this.rowCache.get(key) ?? undefined;
  }

  private async institutionExists(id: string): Promise<boolean> {
    if (!this.institutionCache.has(id)) {
      const found = await this.trx.selectFrom('institutions').select('id').where('id', '=', id).executeTakeFirst();
      this.institutionCache.set(id, !!found);
    }
    return this.institutionCache.get(id)!;
  }

  private async storedResults(ids: string[]): Promise<Map<string, PushResult>> {
    const rows = await this.trx
      .selectFrom('mutations')
      .select(['mutation_id', 'user_id', 'result'])
      .where('client_id', '=', this.clientId)
      .where('mutation_id', 'in', ids)
      .execute();
    const map = new Map<string, PushResult>();
    for (const r of rows) {
      if (r.user_id !== this.user.id) throw new HttpError(409, `Ændringen ${r.mutation_id} er allerede modtaget fra en anden bruger`, { code: 'anden_bruger' });
      map.set(r.mutation_id, fromJson<PushResult>(r.result));
    }
    // The stored answer, but with its conflicts as they are now (someone may have resolved them since).
    const conflictIds = [...map.values()].flatMap((r) => r.conflicts.map((c) => c.id));
    if (conflictIds.length > 0) {
      const current = await selectConflicts(this.trx).where('conflicts.id', 'in', conflictIds).execute();
      for (const [id, result] of map) {
        map.set(id, { ...result, conflicts: result.conflicts.map((c) => {
          const row = current.find((x) => x.id === c.id);
          return row ? conflictToWire(row) : c;
        }) });
      }
    }
    return map;
  }

  /** The request-level checks: any failure → 4xx for the whole request, nothing stored. */
  private async checkRequest(mutations: Mutation[], stored: Map<string, PushResult>): Promise<void> {
    const errors: RequestError[] = [];
    const seen = new Set<string>();
    /** Inspections created earlier in this batch: id → institution. */
    const planned = new Map<string, string>();
    for (const [index, m] of mutations.entries()) {
      if (stored.has(m.mutationId) || seen.has(m.mutationId)) continue;
      seen.add(m.mutationId);
      const error = await this.checkMutation(m, planned);
      if (error) errors.push({ index, mutationId: m.mutationId, ...error });
    }
    if (errors.length === 0) return;
    const first = errors[0]!;
    const records = await this.snapshots(errors.map((e) => mutations[e.index]!));
    const message =
      errors.length === 1 ? first.reason : `${errors.length} ændringer kunne ikke modtages. Den første: ${first.reason}`;
    throw new HttpError(first.status, message, { code: 'ugyldig_aendring', issues: first.issues, errors, records });
  }

  private async checkMutation(m: Mutation, planned: Map<string, string>): Promise<Omit<RequestError, 'index' | 'mutationId'> | null> {
    if ('id' in m.fields && m.fields.id !== m.recordId) return { status: 400, reason: 'Feltet id skal være det samme som recordId' };
    const fields = userFieldsOf(m.fields);
    if (Object.keys(fields).length === 0 && !(m.resolvesConflicts?.length ?? 0))
      return { status: 400, reason: 'Ændringen indeholder ingen felter' };

    // Each field against its own schema (the record as a whole is checked when it is applied).
    const shape = shapeOf(m.recordType);
    const issues: Issue[] = [];
    for (const [field, value] of Object.entries(fields)) {
      const fieldSchema = shape[field];
      if (!fieldSchema) continue; // a newer client's field: kept, not judged
      const r = fieldSchema.safeParse(value, { error: danishErrors });
      if (!r.success) for (const i of issuesOf(r.error)) issues.push({ path: i.path ? `${field}.${i.path}` : field, message: i.message });
    }
    if (issues.length > 0) return { status: 400, reason: `Ugyldige felter: ${describeIssues(issues)}`, issues };

    const notVisible = { status: 404, reason: 'Posten findes ikke, eller du har ikke adgang til den' };
    const row = await this.row(m.recordType, m.recordId);
    if (row) {
      if (!canSeeRecord(this.user, row)) return notVisible;
    } else if (m.recordType === 'inspection') {
      const institutionId = fields.institutionId;
      if (typeof institutionId !== 'string') return { status: 400, reason: 'Et nyt tilsyn skal have en institution (institutionId)' };
      if (!canSeeInstitution(this.user, institutionId)) return { status: 403, reason: `Du har ikke adgang til institutionen ${institutionId}` };
      if (!(await this.institutionExists(institutionId))) return { status: 404, reason: `Institutionen ${institutionId} findes ikke` };
      planned.set(m.recordId, institutionId);
    } else {
      const inspectionId = fields.inspectionId;
      if (typeof inspectionId !== 'string') return { status: 400, reason: 'En ny post skal høre til et tilsyn (inspectionId)' };
      const parent = await this.row('inspection', inspectionId);
      const visible = parent ? canSeeRecord(this.user, parent) : planned.has(inspectionId);
      if (!visible) return { status: 404, reason: `Tilsynet ${inspectionId} findes ikke, eller du har ikke adgang til det` };
    }

    if (m.resolvesConflicts?.length) {
      const found = await this.trx.selectFrom('conflicts').select(['id', 'record_type', 'record_id']).where('id', 'in', m.resolvesConflicts).execute();
      for (const id of m.resolvesConflicts) {
        const c = found.find((f) => f.id === id);
        if (!c || c.record_type !== m.recordType || c.record_id !== m.recordId)
          return { status: 400, reason: `Konflikten ${id} hører ikke til denne post` };
      }
    }
    return null;
  }

  private async apply(m: Mutation): Promise<PushResult> {
    const row = await this.row(m.recordType, m.recordId);
    const outcome = row ? await this.update(m, row) : await this.create(m);
    if ('reason' in outcome) {
      return { mutationId: m.mutationId, status: 'rejected', rev: row?.rev ?? null, applied: [], conflicts: [], reason: outcome.reason, ...(outcome.issues ? { issues: outcome.issues } : {}) };
    }
    if (m.resolvesConflicts?.length) await this.resolve(m);
    return {
      mutationId: m.mutationId,
      status: outcome.conflicts.length > 0 ? 'conflict' : 'applied',
      rev: outcome.rev,
      applied: outcome.applied,
      conflicts: outcome.conflicts,
    };
  }

  private async create(m: Mutation): Promise<Rejection | { rev: number; applied: string[]; conflicts: Conflict[] }> {
    if (m.baseRev > 0) return { reason: 'Posten findes ikke længere på serveren' };
    const fields = userFieldsOf(m.fields);
    const right = writeRightReason(this.user, m.recordType, Object.keys(fields), true);
    if (right) return { reason: right };
    if (Object.keys(fields).length === 0) return { reason: 'Posten findes ikke på serveren' };

    const schema = MUTABLE_RECORDS[m.recordType];
    const candidate = { ...fields, id: m.recordId, rev: 1, updatedAt: this.now };
    const parsed = schema.safeParse(candidate, { error: danishErrors });
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return { reason: `Posten er ugyldig: ${describeIssues(issues)}`, issues };
    }
    const data = withUnknownFields(candidate, parsed.data as Record<string, unknown>, shapeOf(m.recordType));

    let institutionId: string;
    let inspectionId: string;
    let lederVisible: number;
    if (m.recordType === 'inspection') {
      const status = data.status as InspectionStatus;
      const reason = newInspectionReason(status);
      if (reason) return { reason };
      if (!(await this.framework(String(data.frameworkId)))) return { reason: `Rammeversionen ${String(data.frameworkId)} findes ikke på serveren` };
      institutionId = String(data.institutionId);
      inspectionId = m.recordId;
      lederVisible = isLederVisibleStatus(status) ? LEDER_VISIBLE : LEDER_HIDDEN;
    } else {
      const parent = await this.row('inspection', String(data.inspectionId));
      if (!parent) return { reason: 'Tilsynet findes ikke på serveren (det blev ikke oprettet)' };
      const parentData = fromJsonObject(parent.data);
      const reason = childStatusReason(m.recordType, parentData.status as InspectionStatus, true);
      if (reason) return { reason };
      const idReason = await this.childIdReason(m.recordType, m.recordId, data, parentData, parent);
      if (idReason) return { reason: idReason };
      institutionId = parent.institution_id;
      inspectionId = parent.id;
      lederVisible = childLederVisibility(m.recordType, parent.leder_visible);
    }

    const fieldRevs: FieldRevs = {};
    for (const k of Object.keys(data)) if (k !== 'id' && k !== 'rev' && k !== 'updatedAt') fieldRevs[k] = [1, this.clientId];
    const inserted: RecordRow = {
      type: m.recordType,
      id: m.recordId,
      institution_id: institutionId,
      inspection_id: inspectionId,
      data: toJson(data),
      field_revs: toJson(fieldRevs),
      rev: 1,
      deleted: isTombstone(m.recordType, data) ? 1 : 0,
      leder_visible: lederVisible,
      updated_at: this.now,
      seq: this.seq.next(),
    };
    await this.trx.insertInto('records').values(inserted).execute();
    this.rowCache.set(rowKey(m.recordType, m.recordId), inserted);
    this.revision(m, 1, inserted.data);
    return { rev: 1, applied: Object.keys(fields).sort(), conflicts: [] };
  }

  /**
   * Theme scores, fokuspunkt notes, høring answers, report versions and follow-up items have ids
   * made from their parts, so two devices' creations meet in one record.
   */
  private async childIdReason(type: RecordType, id: string, data: Record<string, unknown>, parent: Record<string, unknown>, parentRow: RecordRow): Promise<string | null> {
    const inspectionId = String(data.inspectionId);
    if (type === 'hoeringssvar' || type === 'opfoelgning') {
      const what = type === 'hoeringssvar' ? 'Et høringssvar' : 'Et opfølgningspunkt';
      if (id !== data.anbefalingId) return `${what} skal have anbefalingens id (${String(data.anbefalingId)})`;
      const anbefaling = await this.row('anbefaling', id);
      if (!anbefaling || anbefaling.inspection_id !== inspectionId || anbefaling.deleted === 1) return 'Anbefalingen findes ikke i tilsynet';
      if (type === 'opfoelgning' && data.institutionId !== parentRow.institution_id) return 'Opfølgningspunktet skal høre til tilsynets institution';
    }
    if (type === 'hoeringskommentar' && id !== inspectionId) return `En høringskommentar skal have tilsynets id (${inspectionId})`;
    if (type === 'rapportversion') {
      const version = Number(data.version);
      const wanted = reportVersionId(inspectionId, version);
      if (id !== wanted) return `En rapportversion skal have id'et ${wanted}`;
      if (version > 1 && !(await this.row('rapportversion', reportVersionId(inspectionId, version - 1))))
        return `Version ${version - 1} af rapporten findes ikke på serveren`;
    }
    if (type === 'themeScore' && id !== themeScoreId(inspectionId, String(data.themeId)))
      return `En temascore skal have id'et ${themeScoreId(inspectionId, String(data.themeId))}`;
    if (type === 'fokuspunktNote') {
      if (id !== fokuspunktNoteId(inspectionId, String(data.fokuspunktId)))
        return `En fokuspunktnote skal have id'et ${fokuspunktNoteId(inspectionId, String(data.fokuspunktId))}`;
      const framework = await this.framework(String(parent.frameworkId));
      const theme = framework?.themes.find((t) => t.id === data.themeId);
      if (framework && !theme?.fokuspunkter.some((p) => p.id === data.fokuspunktId))
        return `Fokuspunktet ${String(data.fokuspunktId)} findes ikke under temaet i rammeversionen ${framework.id}`;
    }
    return null;
  }

  private async update(m: Mutation, row: RecordRow): Promise<Rejection | { rev: number; applied: string[]; conflicts: Conflict[] }> {
    const fields = userFieldsOf(m.fields);
    const data = fromJsonObject(row.data);
    const changed = this.changedFields(m.recordType, fields, data, m.baseRev);
    // A consultant's device re-creating a follow-up item sends its defaults: judge what it changes.
    const judged = m.recordType === 'opfoelgning' && this.user.role !== 'leder' ? changed : Object.keys(fields);
    const right = writeRightReason(this.user, m.recordType, judged);
    if (right) return { reason: right };
    if (m.recordType === 'rapportversion' && changed.length > 0) return { reason: VERSION_IS_FROZEN };

    for (const f of IMMUTABLE_FIELDS[m.recordType]) {
      if (f in fields && !jsonEqual(fields[f], data[f])) return { reason: immutableReason(m.recordType, f) };
    }

    // Lifecycle: judged on the server's current state, whatever the client's base was.
    const reopening = m.recordType === 'inspection' && data.status === 'endelig' && fields.status === 'udkast';
    if (m.recordType === 'inspection') {
      // The correction reason travels with the change that reopens a final report.
      const editsOtherThanStatus = changed.some((f) => f !== 'status' && !(reopening && f === 'correctionReason'));
      const reason = editsOtherThanStatus ? inspectionEditReason(data.status as InspectionStatus) : null;
      if (reason) return { reason };
    } else {
      const parent = await this.row('inspection', row.inspection_id);
      const reason = parent ? childStatusReason(m.recordType, fromJsonObject(parent.data).status as InspectionStatus, false) : 'Tilsynet findes ikke på serveren';
      if (reason) return { reason };
    }

    const schema = MUTABLE_RECORDS[m.recordType];
    const shape = shapeOf(m.recordType);
    const merge = mergeFields({
      current: data,
      fieldRevs: fromJsonObject(row.field_revs) as FieldRevs,
      baseRev: m.baseRev,
      clientId: this.clientId,
      fields,
      isUntypedDefault: (field, value) => {
        const s = shape[field];
        if (!s) return false;
        const d = s.safeParse(undefined);
        return d.success && jsonEqual(d.data, value);
      },
    });

    const applied = Object.keys(merge.apply).sort();
    let rev = row.rev;
    if (applied.length > 0) {
      rev = row.rev + 1;
      const candidate = { ...data, ...merge.apply, id: m.recordId, rev, updatedAt: this.now };
      const parsed = schema.safeParse(candidate, { error: danishErrors });
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        const mergedWithOthers = m.baseRev < row.rev;
        return {
          reason: `${mergedWithOthers ? 'Ændringen passer ikke med den nyeste version på serveren' : 'Posten er ugyldig'}: ${describeIssues(issues)}`,
          issues,
        };
      }
      if (m.recordType === 'inspection' && 'status' in merge.apply) {
        const from = data.status as InspectionStatus;
        // Reopening needs the reason in this change; finalising a correction needs one on record.
        const correctionReason = reopening ? (typeof fields.correctionReason === 'string' ? fields.correctionReason : '') : String((parsed.data as Record<string, unknown>).correctionReason ?? '');
        const reason = transitionReason(this.user, from, merge.apply.status as InspectionStatus, { correctionReason });
        if (reason) return { reason };
      }
      const next = withUnknownFields(candidate, parsed.data as Record<string, unknown>, shape);
      const fieldRevs = fromJsonObject(row.field_revs) as FieldRevs;
      for (const f of applied) fieldRevs[f] = [rev, this.clientId];
      const lederVisible = m.recordType === 'inspection' ? inspectionLederVisibility(next.status, row.leder_visible) : row.leder_visible;
      const changes = {
        data: toJson(next),
        field_revs: toJson(fieldRevs),
        rev,
        deleted: isTombstone(m.recordType, next) ? 1 : 0,
        leder_visible: lederVisible,
        updated_at: this.now,
        seq: this.seq.next(),
      };
      await this.trx.updateTable('records').set(changes).where('type', '=', m.recordType).where('id', '=', m.recordId).execute();
      this.rowCache.set(rowKey(m.recordType, m.recordId), { ...row, ...changes });
      this.revision(m, rev, changes.data);
      if (m.recordType === 'inspection' && lederVisible !== row.leder_visible) await this.restampChildren(m.recordId, lederVisible);
    }

    const conflicts = merge.conflicts.length > 0 ? await this.storeConflicts(m, row, rev, merge.conflicts) : [];
    return { rev, applied, conflicts };
  }

  /** The fields of a mutation that change the record (a field the record lacks counts as its schema default; so does a default sent by a device creating a record the server already has). */
  private changedFields(type: RecordType, fields: Record<string, unknown>, data: Record<string, unknown>, baseRev: number): string[] {
    const shape = shapeOf(type);
    const isDefault = (f: string, v: unknown) => {
      const d = shape[f]?.safeParse(undefined);
      return !!d?.success && jsonEqual(d.data, v);
    };
    return Object.keys(fields).filter((f) => {
      if (jsonEqual(fields[f], data[f])) return false;
      if ((data[f] === undefined || baseRev === 0) && isDefault(f, fields[f])) return false;
      return true;
    });
  }

  /**
   * An inspection sent to høring becomes visible to the institution's leder, with its child records:
   * they get new sequence numbers, so a leder's pull (already past their old numbers) delivers them.
   * Taken back (pulled back from høring, reopened for correction), they are marked withdrawn the same
   * way. Report versions and follow-up items stay visible throughout.
   */
  private async restampChildren(inspectionId: string, lederVisible: number): Promise<void> {
    const children = await this.trx
      .selectFrom('records')
      .select(['type', 'id'])
      .where('inspection_id', '=', inspectionId)
      .where('type', '!=', 'inspection')
      .where('type', 'not in', [...LEDER_ALWAYS_VISIBLE_TYPES])
      .orderBy('seq')
      .execute();
    for (const c of children) {
      await this.trx
        .updateTable('records')
        .set({ leder_visible: lederVisible, seq: this.seq.next() })
        .where('type', '=', c.type)
        .where('id', '=', c.id)
        .execute();
      this.rowCache.delete(rowKey(c.type, c.id));
    }
  }

  /** Written at the end of the batch, in a few multi-row inserts. */
  private revision(m: Mutation, rev: number, data: string): void {
    this.revisionRows.push({ type: m.recordType, id: m.recordId, rev, data, client_id: this.clientId, user_id: this.user.id, mutation_id: m.mutationId, created_at: this.now });
  }

  /**
   * One open conflict per (record, field, client): a later change of the same field from the same
   * client updates the open conflict's value instead of adding another.
   */
  private async storeConflicts(m: Mutation, row: RecordRow, serverRev: number, found: FieldConflict[]): Promise<Conflict[]> {
    let base: Record<string, unknown> | null = null;
    if (m.baseRev > 0) {
      const pending = this.revisionRows.find((r) => r.type === m.recordType && r.id === m.recordId && r.rev === m.baseRev);
      const r = pending ?? (await this.trx.selectFrom('record_revisions').select('data').where('type', '=', m.recordType).where('id', '=', m.recordId).where('rev', '=', m.baseRev).executeTakeFirst());
      base = r ? fromJsonObject(r.data) : null;
    }
    const ids: string[] = [];
    for (const c of found) {
      const baseValue = base && c.field in base ? toJson(base[c.field]) : null;
      const open = await this.trx
        .selectFrom('conflicts')
        .select('id')
        .where('record_type', '=', m.recordType)
        .where('record_id', '=', m.recordId)
        .where('field', '=', c.field)
        .where('client_id', '=', this.clientId)
        .where('resolved_at', 'is', null)
        // A conflict this very mutation settles is closed below; a new disagreement gets its own row.
        .$if((m.resolvesConflicts?.length ?? 0) > 0, (q) => q.where('id', 'not in', m.resolvesConflicts!))
        .executeTakeFirst();
      const values = {
        server_value: toJson(c.serverValue ?? null),
        client_value: toJson(c.clientValue ?? null),
        server_rev: serverRev,
        mutation_id: m.mutationId,
        user_id: this.user.id,
        seq: this.seq.next(),
      };
      if (open) {
        await this.trx.updateTable('conflicts').set(values).where('id', '=', open.id).execute();
        ids.push(open.id);
      } else {
        const id = uuidv7();
        await this.trx
          .insertInto('conflicts')
          .values({
            id,
            record_type: m.recordType,
            record_id: m.recordId,
            institution_id: row.institution_id,
            field: c.field,
            base_value: baseValue,
            client_id: this.clientId,
            created_at: this.now,
            resolved_at: null,
            resolved_by: null,
            resolution_mutation_id: null,
            ...values,
          })
          .execute();
        ids.push(id);
      }
    }
    const rows = await selectConflicts(this.trx).where('conflicts.id', 'in', ids).execute();
    return ids.map((id) => conflictToWire(rows.find((r) => r.id === id)!));
  }

  /** A mutation that settles conflicts marks them resolved (already resolved ones stay as they were). */
  private async resolve(m: Mutation): Promise<void> {
    for (const id of m.resolvesConflicts ?? []) {
      await this.trx
        .updateTable('conflicts')
        .set({ resolved_at: this.now, resolved_by: this.user.id, resolution_mutation_id: m.mutationId, seq: this.seq.next() })
        .where('id', '=', id)
        .where('resolved_at', 'is', null)
        .execute();
    }
  }

  private async framework(id: string): Promise<Framework | null> {
    if (!this.frameworkCache.has(id)) {
      const row = await this.trx.selectFrom('frameworks').select('data').where('id', '=', id).executeTakeFirst();
      this.frameworkCache.set(id, row ? fromJson<Framework>(row.data) : null);
    }
    return this.frameworkCache.get(id) ?? null;
  }

  /** The server's copy of each record the mutations name, as this user may see it. */
  private async snapshots(mutations: Mutation[]): Promise<RecordSnapshot[]> {
    const seen = new Set<string>();
    const out: RecordSnapshot[] = [];
    for (const m of mutations) {
      const key = `${m.recordType}\u0000${m.recordId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = await this.row(m.recordType, m.recordId);
      out.push({ recordType: m.recordType, recordId: m.recordId, state: row && canSeeRecord(this.user, row) ? stateOf(row) : null });
    }
    return out;
  }
}
