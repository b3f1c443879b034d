import { fokuspunktNoteId, themeScoreId, type InspectionStatus } from '../inspection';
import { publicationId } from '../publication';
import { withdrawalId } from '../publicationWithdrawal';
import type { z } from 'zod';
import { reportVersionId } from '../reportVersion';
import { HandleplanSchema, SkaerpetTilsynSchema, caseRule, handleplanRule } from '../skaerpetTilsyn';
import type { RecordType } from '../records';
import type { JudgeContext, RuleCode } from './types';
import { doubleScoringRule, independentScoreRule, uafhaengigScoreId } from '../calibration/records';

/**
 * The write rules as data: one entry per record type. judge.ts reads this table and nothing else
 * decides who may write what. A new record type costs one entry here.
 */

/** Fields a role may set, or never set. `'all'` = every field (the record type as a whole). */
export type FieldSet = 'all' | readonly string[];

export interface RoleRule {
  /** The role may not create records of this type at all. */
  noCreate?: RuleCode;
  /** Fields the role may never set, checked in order. `updatesOnly`: creating is allowed. */
  never?: readonly { fields: FieldSet; code: RuleCode; updatesOnly?: boolean }[];
  /** The role may set only these fields; any other is refused with `code`. */
  only?: { fields: readonly string[]; code: RuleCode };
}

/** The parent inspection's status a child record needs. */
export interface ParentStatusRule {
  /** 'editable': planlagt, i gang or udkast; 'any': no rule. */
  statuses: 'editable' | 'any' | readonly InspectionStatus[];
  code?: RuleCode;
}

/** How a record's id is made from its parts (so that two devices' creations meet in one record). */
export type IdRule =
  | { kind: 'anbefaling' } // the anbefaling's id
  | { kind: 'inspection' } // the inspection's id
  | { kind: 'parts'; make: (next: Readonly<Record<string, unknown>>) => string };

export interface RecordRules {
  /** Write rights per role; forvaltning and a device's local user write as konsulent. */
  roles: { konsulent: RoleRule; leder: RoleRule };
  /** Fields fixed at creation. */
  fixed: readonly string[];
  /** Only forvaltning (logged in) may write it; consultants and local users are refused with this code. */
  forvaltningOnly?: RuleCode;
  /** Never changed once stored (an identical re-send is no change). */
  frozen?: RuleCode;
  /** The inspection itself: its lifecycle (see judge.ts `inspectionLifecycle`). */
  lifecycle?: 'inspection';
  /** Child records: the parent's status needed to create and to change. */
  parent?: { create: ParentStatusRule; update: ParentStatusRule };
  id?: IdRule;
  /** The record carries its inspection's institution (a follow-up item, a publication): refused with this code when it differs. */
  sameInstitutionAsParent?: RuleCode;
  /** List fields that only grow (a change history): stored entries are never changed or removed. */
  appendOnly?: readonly string[];
  /**
   * Only the user named in this field (a user id, or a list of them) writes the record; a device's
   * not-logged-in user is judged again by the server.
   */
  ownedBy?: { field: string; code: RuleCode };
  /** A rule about the record as it will be after the change (current: undefined on creation). */
  check?: (current: Readonly<Record<string, unknown>> | undefined, next: Readonly<Record<string, unknown>>, context: JudgeContext) => RuleCode | null;
}

const EDITABLE_CHILD: RecordRules['parent'] = {
  create: { statuses: 'editable', code: 'children_locked' },
  update: { statuses: 'editable', code: 'children_locked' },
};

const HOERING: RecordRules['parent'] = {
  create: { statuses: ['i_hoering'], code: 'hoering_closed' },
  update: { statuses: ['i_hoering'], code: 'hoering_closed' },
};

const LEDER_READS: RoleRule = { only: { fields: [], code: 'leder_read_only' } };
const KONSULENT_WRITES: RoleRule = {};
/** Høring answers: the institution's leder writes them, nobody else. */
const LEDER_ANSWERS: RoleRule = { never: [{ fields: 'all', code: 'only_leder_answers' }] };

const FOLLOW_UP_LEDER_FIELDS = ['status', 'owner', 'dueDate', 'notes', 'history'] as const;

/** Made when a report is final, changed after it (the case and its plan go on while a correction is written). */
const AFTER_FINAL = (code: RuleCode): RecordRules['parent'] => ({ create: { statuses: ['endelig'], code }, update: { statuses: 'any' } });

/** Runs a shared rule on a parsed record; a record the schema refuses is the schema's to report. */
function parsed<S extends z.ZodType>(schema: S, rule: (current: z.infer<S> | undefined, next: z.infer<S>) => RuleCode | null): RecordRules['check'] {
  return (current, next, _context) => {
    const n = schema.safeParse(next);
    if (!n.success) return null;
    const c = current === undefined ? undefined : schema.safeParse(current);
    return rule(c?.success ? c.data : undefined, n.data);
  };
}

export const RECORD_RULES: { readonly [T in RecordType]: RecordRules } = {
  inspection: {
    roles: { konsulent: KONSULENT_WRITES, leder: { never: [{ fields: ['status'], code: 'leder_no_status' }], ...LEDER_READS } },
    fixed: ['institutionId', 'frameworkId'],
    lifecycle: 'inspection',
  },
  themeScore: {
    roles: { konsulent: KONSULENT_WRITES, leder: { never: [{ fields: 'all', code: 'leder_never_scores' }] } },
    fixed: ['inspectionId', 'themeId'],
    parent: EDITABLE_CHILD,
    id: { kind: 'parts', make: (r) => themeScoreId(String(r.inspectionId), String(r.themeId)) },
  },
  fokuspunktNote: {
    roles: { konsulent: KONSULENT_WRITES, leder: { never: [{ fields: ['step'], code: 'leder_never_scores' }], ...LEDER_READS } },
    fixed: ['inspectionId', 'themeId', 'fokuspunktId'],
    parent: EDITABLE_CHILD,
    id: { kind: 'parts', make: (r) => fokuspunktNoteId(String(r.inspectionId), String(r.fokuspunktId)) },
  },
  anerkendelse: {
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    fixed: ['inspectionId'],
    parent: EDITABLE_CHILD,
  },
  anbefaling: {
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    // An anbefaling never turns into a påbud or back: the report and its follow-up would change meaning.
    fixed: ['inspectionId', 'type'],
    parent: EDITABLE_CHILD,
  },
  hoeringssvar: {
    roles: { konsulent: LEDER_ANSWERS, leder: { only: { fields: ['inspectionId', 'anbefalingId', 'answer', 'text'], code: 'leder_read_only' } } },
    fixed: ['inspectionId', 'anbefalingId'],
    parent: HOERING,
    id: { kind: 'anbefaling' },
  },
  hoeringskommentar: {
    roles: { konsulent: LEDER_ANSWERS, leder: { only: { fields: ['inspectionId', 'text'], code: 'leder_read_only' } } },
    fixed: ['inspectionId'],
    parent: HOERING,
    id: { kind: 'inspection' },
  },
  rapportversion: {
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    fixed: ['inspectionId', 'version'],
    frozen: 'version_frozen',
    parent: { create: { statuses: ['endelig'], code: 'report_version_needs_final' }, update: { statuses: 'any' } },
    id: { kind: 'parts', make: (r) => reportVersionId(String(r.inspectionId), Number(r.version)) },
  },
  observation: {
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    fixed: ['inspectionId', 'createdAt'],
    parent: EDITABLE_CHILD,
  },
  opfoelgning: {
    roles: {
      // The consultant's client creates the items when it finalises a report, and may change only
      // the copied anbefaling; the leder keeps the follow-up fields.
      konsulent: { never: [{ fields: FOLLOW_UP_LEDER_FIELDS, code: 'follow_up_fields_are_leders', updatesOnly: true }] },
      leder: { noCreate: 'follow_up_made_by_consultant', only: { fields: FOLLOW_UP_LEDER_FIELDS, code: 'leder_read_only' } },
    },
    fixed: ['inspectionId', 'institutionId', 'anbefalingId', 'type'],
    // Follow-up goes on after the report: while a correction is written, too.
    parent: AFTER_FINAL('follow_up_needs_final'),
    id: { kind: 'anbefaling' },
    sameInstitutionAsParent: 'follow_up_wrong_institution',
    appendOnly: ['history'],
  },
  bestyrelsesorientering: {
    // The consultant or the institution's leder records that the board was informed (§ 5 b stk. 1).
    roles: { konsulent: KONSULENT_WRITES, leder: { only: { fields: ['inspectionId', 'informedOn', 'form', 'comment'], code: 'leder_read_only' } } },
    fixed: ['inspectionId'],
    parent: { create: { statuses: ['i_hoering', 'endelig'], code: 'board_orientation_needs_report' }, update: { statuses: 'any' } },
    id: { kind: 'inspection' },
  },
  publicering: {
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    fixed: ['inspectionId', 'institutionId', 'version'],
    frozen: 'publication_frozen',
    parent: { create: { statuses: ['endelig'], code: 'publication_needs_final' }, update: { statuses: 'any' } },
    id: { kind: 'parts', make: (r) => publicationId(String(r.inspectionId), Number(r.version)) },
    sameInstitutionAsParent: 'publication_wrong_institution',
  },
  tilbagetraekning: {
    // Forvaltning withdraws a publication with a reason (shared/publicationWithdrawal.ts); the leder reads it.
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    forvaltningOnly: 'withdrawal_forvaltning_only',
    fixed: ['inspectionId', 'institutionId', 'version'],
    frozen: 'withdrawal_frozen',
    parent: { create: { statuses: 'any' }, update: { statuses: 'any' } },
    id: { kind: 'parts', make: (r) => withdrawalId(String(r.inspectionId), Number(r.version)) },
    sameInstitutionAsParent: 'publication_wrong_institution',
  },
  skaerpetTilsyn: {
    // The consultant's client opens the case when it finalises; forvaltning and consultants keep it; the leder reads it.
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    fixed: ['inspectionId', 'institutionId', 'level', 'establishedOn', 'decidedBy', 'decidedAt'],
    parent: AFTER_FINAL('case_needs_final'),
    id: { kind: 'inspection' },
    sameInstitutionAsParent: 'case_wrong_institution',
    check: parsed(SkaerpetTilsynSchema, caseRule),
  },
  handleplan: {
    roles: { konsulent: KONSULENT_WRITES, leder: LEDER_READS },
    fixed: ['inspectionId', 'institutionId', 'createdAt'],
    parent: AFTER_FINAL('case_needs_final'),
    id: { kind: 'inspection' },
    sameInstitutionAsParent: 'case_wrong_institution',
    check: parsed(HandleplanSchema, handleplanRule),
  },
  dobbeltscoring: {
    // Drawn (or hand-picked) by the server; the two raters write the consensus, nobody else anything.
    roles: {
      konsulent: { noCreate: 'double_scoring_by_server', only: { fields: ['consensus', 'consensusAt'], code: 'double_scoring_fields_server' } },
      leder: { noCreate: 'double_scoring_by_server', ...LEDER_READS },
    },
    fixed: ['inspectionId', 'institutionId', 'raterIds', 'selection', 'drawnAt'],
    parent: EDITABLE_CHILD,
    id: { kind: 'inspection' },
    ownedBy: { field: 'raterIds', code: 'not_a_rater' },
    check: doubleScoringRule,
  },
  uafhaengigScore: {
    // A rater's blind set: their own only, and never changed once sealed.
    roles: { konsulent: KONSULENT_WRITES, leder: { never: [{ fields: 'all', code: 'leder_never_scores' }] } },
    fixed: ['inspectionId', 'institutionId', 'raterId'],
    parent: EDITABLE_CHILD,
    id: { kind: 'parts', make: (r) => uafhaengigScoreId(String(r.inspectionId), String(r.raterId)) },
    sameInstitutionAsParent: 'calibration_wrong_institution',
    ownedBy: { field: 'raterId', code: 'not_your_independent_score' },
    check: independentScoreRule,
  },
};
