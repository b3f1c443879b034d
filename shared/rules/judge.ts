import { blindSupportStepRule, finalisingDoubleScoredRule, officialStepRule } from '../calibration/records';
import { blockingRelation } from '../impartiality';
import { CONCERN_LEVELS, INSPECTION_STATUSES, type ConcernLevel, type InspectionStatus } from '../inspection';
import { blockingEvidenceGaps, type Dialogue } from '../visitEvidence';
import { dataItemProblems } from '../rammeData';
import { INITIAL_STATUSES, canTransition, isEditable } from '../lifecycle';
import { SYSTEM_FIELDS, type RecordType } from '../records';
import { jsonEqual } from '../sync/jsonEqual';
import { RECORD_RULES, type FieldSet, type ParentStatusRule, type RecordRules, type RoleRule } from './table';
import type { Actor, Change, JudgeContext, ReasonParams, RuleCode, Verdict } from './types';

type Data = Readonly<Record<string, unknown>>;

const OK: Verdict = { ok: true };
const no = (code: RuleCode, params?: ReasonParams): Verdict => (params ? { ok: false, code, params } : { ok: false, code });

/**
 * The one write judge: may `actor` make `change` to a record of `recordType` that is now `current`
 * (undefined: the change creates it)? Pure; the renderer calls it before it writes, the server in
 * push before it merges. The rules are the table in table.ts; the checks run in this order:
 * institution scope, role, frozen record, fixed fields, lifecycle (the inspection's own, or the
 * parent's status for a child), then the id made from its parts.
 *
 * On an update only the fields whose value really changes are judged; a change that changes nothing
 * is allowed (it writes nothing).
 */
export function judge(actor: Actor, recordType: RecordType, current: Data | undefined, change: Change, context: JudgeContext = {}): Verdict {
  const rules = RECORD_RULES[recordType];
  const creating = current === undefined;
  const fields = setFields(current, change.fields);
  const names = Object.keys(fields);
  if (!creating && names.length === 0) return OK;
  const next: Data = change.next ?? { ...current, ...change.fields };

  return (
    scopeRule(actor, recordType, current, next, context) ??
    roleRule(actor.local || actor.role !== 'leder' ? rules.roles.konsulent : rules.roles.leder, names, creating) ??
    (rules.forvaltningOnly && (actor.local || actor.role !== 'forvaltning') ? no(rules.forvaltningOnly) : null) ??
    (rules.ownedBy ? ownerRule(actor, rules.ownedBy, current ?? next) : null) ??
    (!creating && rules.frozen ? no(rules.frozen) : null) ??
    (creating ? null : fixedRule(rules, fields, current)) ??
    (rules.lifecycle === 'inspection' ? inspectionLifecycle(current, fields, next, context) : parentRule(rules, creating, context)) ??
    (rules.lifecycle === 'inspection' ? impartialityRule(actor, current, fields, next, context) : null) ??
    (creating ? idRule(recordType, rules, change.recordId ?? stringOr(next.id, ''), next, context) : null) ??
    (creating ? null : appendOnlyRule(rules, fields, current)) ??
    (rules.check ? checkRule(rules.check, current, next, context) : null) ??
    (recordType === 'themeScore' ? codeOf(officialStepRule(next, context)) : null) ??
    (recordType === 'fokuspunktNote' ? codeOf(blindSupportStepRule(fields, context)) : null) ??
    OK
  );
}

const SYSTEM = new Set<string>(SYSTEM_FIELDS);

/**
 * Own keys only (never the prototype chain), without the bookkeeping (id, rev, updatedAt); on an
 * update, only the fields that change.
 */
function setFields(current: Data | undefined, fields: Data): Record<string, unknown> {
  // fromEntries defines own properties, so even a field named __proto__ stays a field.
  return Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => !SYSTEM.has(k) && (current === undefined || !jsonEqual(Object.hasOwn(current, k) ? current[k] : undefined, v))),
  );
}

const stringOr = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const inSet = (set: FieldSet, field: string) => set === 'all' || set.includes(field);

/** A logged-in actor writes only in their institutions (visibility itself is the server's). */
function scopeRule(actor: Actor, type: RecordType, current: Data | undefined, next: Data, context: JudgeContext): Verdict | null {
  if (actor.local || actor.institutionIds === 'all') return null;
  const institutionId = type === 'inspection' ? (current?.institutionId ?? next.institutionId) : context.parentInstitutionId;
  if (typeof institutionId !== 'string' || actor.institutionIds.includes(institutionId)) return null;
  return no('not_your_institution', { institutionId });
}

function roleRule(rule: RoleRule, names: readonly string[], creating: boolean): Verdict | null {
  if (creating && rule.noCreate) return no(rule.noCreate);
  for (const n of rule.never ?? []) {
    if (n.updatesOnly && creating) continue;
    if (n.fields === 'all' || names.some((f) => inSet(n.fields, f))) return no(n.code);
  }
  if (rule.only && names.some((f) => !rule.only!.fields.includes(f))) return no(rule.only.code);
  return null;
}

function fixedRule(rules: RecordRules, fields: Data, current: Data): Verdict | null {
  for (const f of rules.fixed) {
    if (Object.hasOwn(fields, f) && !jsonEqual(fields[f], current[f])) return no('fixed_field', { field: f });
  }
  return null;
}

const isStatus = (v: unknown): v is InspectionStatus => INSPECTION_STATUSES.includes(v as InspectionStatus);

/**
 * The inspection's own lifecycle (shared/lifecycle.ts): a new one starts in an initial status;
 * fields other than the status change only while it is editable; a status change must be an edge
 * of the lifecycle from the current status, and reopening a final report carries its reason in the
 * same change.
 */
function inspectionLifecycle(current: Data | undefined, fields: Data, next: Data, context: JudgeContext): Verdict | null {
  if (current === undefined) {
    const status = next.status;
    if (!isStatus(status) || INITIAL_STATUSES.includes(status)) return null; // the schema judges a missing status
    return no('new_inspection_status', { status, allowed: INITIAL_STATUSES.join(',') });
  }
  const from = current.status as InspectionStatus;
  const to = fields.status;
  const reopening = from === 'endelig' && to === 'udkast';
  const finalising = to === 'endelig' && from !== 'endelig';
  const rideAlong = (f: string) => (reopening && f === 'correctionReason') || (finalising && FINALISE_FIELDS.includes(f));
  const editsContent = Object.keys(fields).some((f) => f !== 'status' && !rideAlong(f));
  if (editsContent && !isEditable(from)) return no('inspection_locked', { status: from });
  if (!Object.hasOwn(fields, 'status') || !isStatus(to)) return null;
  // Reopening needs the reason in this change; finalising a correction needs one on record.
  const transition = transitionRule(from, to, stringOr(reopening ? fields.correctionReason : next.correctionReason, ''));
  if (transition) return transition;
  // Leaving the editable statuses: a double-scored visit's official steps are its consensus.
  if (isEditable(from) && !isEditable(to)) {
    const consensus = codeOf(finalisingDoubleScoredRule(context));
    if (consensus) return consensus;
  }
  if (!finalising) return null;
  const gaps = blockingEvidenceGaps(next as { dialogue?: Dialogue | null; evidenceReason?: string }, context.observationCount ?? 0);
  if (gaps.length > 0) return no('evidence_missing', { gaps: gaps.join(',') });
  // § 5 a stk. 4: an answer for each datum the ramme in force names.
  const unanswered = dataItemProblems(context.rammeDataItems ?? [], priorDataOf(next.priorKnowledge));
  if (unanswered.length > 0) return no('prior_data_unanswered', { items: unanswered.join('\u0000') });
  // § 5 b stk. 3–4: a final report states whether it gives cause for concern.
  return isConcernLevel(next.concernLevel) ? null : no('concern_level_required');
}

const priorDataOf = (v: unknown): { id: string }[] | undefined => {
  const items = v && typeof v === 'object' ? (v as { dataItems?: unknown }).dataItems : undefined;
  return Array.isArray(items) ? items.filter((x): x is { id: string } => !!x && typeof (x as { id?: unknown }).id === 'string') : undefined;
};

const isConcernLevel = (v: unknown) => CONCERN_LEVELS.includes(v as ConcernLevel);

/**
 * Set in the change that makes the report final (also from i høring): the reason evidence is
 * missing, what the brief showed, and the concern level the report establishes.
 */
const FINALISE_FIELDS: readonly string[] = ['evidenceReason', 'priorKnowledge', 'concernLevel'];

/**
 * Impartiality at assignment (shared/impartiality.ts): a consultant added to the visit with a
 * blocking relation to the institution needs forvaltning's written override for that consultant;
 * only forvaltning writes overrides. Consultants already on the visit are not judged again.
 */
function impartialityRule(actor: Actor, current: Data | undefined, fields: Data, next: Data, context: JudgeContext): Verdict | null {
  const touches = (f: string) => current === undefined || Object.hasOwn(fields, f);
  if (!touches('consultantIds') && !touches('impartialityOverrides') && !touches('date')) return null;
  const overrides = (Array.isArray(next.impartialityOverrides) ? next.impartialityOverrides : []) as readonly { userId?: unknown; reason?: unknown }[];
  if (Object.hasOwn(fields, 'impartialityOverrides') && overrides.length > 0 && (actor.local || actor.role !== 'forvaltning')) return no('override_forvaltning_only');
  const before = new Set(current === undefined || Object.hasOwn(fields, 'date') ? [] : stringList(current.consultantIds));
  for (const userId of stringList(next.consultantIds)) {
    if (before.has(userId)) continue;
    const relation = blockingRelation(context.relations ?? [], userId, stringOr(next.institutionId, ''), stringOr(next.date, ''));
    if (!relation) continue;
    if (overrides.some((o) => o.userId === userId && typeof o.reason === 'string' && o.reason.trim() !== '')) continue;
    return no('consultant_not_impartial', { userId, kind: relation.kind, name: relation.displayName ?? '' });
  }
  return null;
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** An edge of the lifecycle from the current status, and the correction reason reopening needs. */
function transitionRule(from: InspectionStatus, to: InspectionStatus, correctionReason: string): Verdict | null {
  const correcting = from !== 'endelig' && correctionReason.trim() !== '';
  if (!canTransition(from, to, { correcting })) return no('illegal_transition', { from, to });
  if (from === 'endelig' && to === 'udkast' && correctionReason.trim() === '') return no('correction_reason_required');
  return null;
}

/** A history field only grows: the stored entries stay as they are, new ones come after them. */
function appendOnlyRule(rules: RecordRules, fields: Data, current: Data): Verdict | null {
  for (const f of rules.appendOnly ?? []) {
    if (!Object.hasOwn(fields, f)) continue;
    const before = Array.isArray(current[f]) ? (current[f] as unknown[]) : [];
    const after = fields[f];
    if (!Array.isArray(after) || after.length < before.length || before.some((v, i) => !jsonEqual(v, after[i]))) return no('history_append_only', { field: f });
  }
  return null;
}

function checkRule(check: NonNullable<RecordRules['check']>, current: Data | undefined, next: Data, context: JudgeContext): Verdict | null {
  return codeOf(check(current, next, context));
}

const codeOf = (code: RuleCode | null): Verdict | null => (code ? no(code) : null);

/** A record only its own user writes (a rater's set): judged on the stored owner, which is fixed. */
function ownerRule(actor: Actor, rule: NonNullable<RecordRules['ownedBy']>, record: Data): Verdict | null {
  if (actor.local) return null;
  const owner = record[rule.field];
  const owners = Array.isArray(owner) ? owner : [owner];
  return actor.userId !== undefined && owners.includes(actor.userId) ? null : no(rule.code);
}

function parentRule(rules: RecordRules, creating: boolean, context: JudgeContext): Verdict | null {
  if (!rules.parent) return null;
  const status = context.parentStatus;
  if (status === undefined) return no(creating ? 'parent_not_created' : 'parent_missing');
  const rule: ParentStatusRule = creating ? rules.parent.create : rules.parent.update;
  const allowed = rule.statuses === 'any' || (rule.statuses === 'editable' ? isEditable(status) : rule.statuses.includes(status));
  return allowed || !rule.code ? null : no(rule.code, { status });
}

function idRule(type: RecordType, rules: RecordRules, id: string, next: Data, context: JudgeContext): Verdict | null {
  if (rules.id?.kind === 'anbefaling' && id !== next.anbefalingId) return no('id_not_anbefaling', { recordType: type, expected: String(next.anbefalingId) });
  if (rules.id?.kind === 'inspection' && id !== next.inspectionId) return no('id_not_inspection', { recordType: type, expected: String(next.inspectionId) });
  if (rules.id?.kind === 'parts') {
    const expected = rules.id.make(next);
    if (id !== expected) return no('id_not_parts', { recordType: type, expected });
  }
  if (rules.sameInstitutionAsParent && context.parentInstitutionId !== undefined && next.institutionId !== context.parentInstitutionId)
    return no(rules.sameInstitutionAsParent);
  return null;
}
