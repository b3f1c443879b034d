import type { Role } from '../accounts';
import type { UserRelation } from '../impartiality';
import type { InspectionStatus } from '../inspection';
import type { RecordType } from '../records';
import type { CalibrationRuleCode, Dobbeltscoring, UafhaengigScore } from '../calibration/records';
import type { SkaerpetRuleCode } from '../skaerpetTilsyn';

/**
 * The vocabulary of the write judge (judge.ts). Kept apart from the rules so that messages.ts and
 * lifecycle.ts can name codes without importing the rules.
 */

/** Who makes the change. */
export interface Actor {
  role: Role;
  /** The institutions the actor works in; 'all' for forvaltning. */
  institutionIds: readonly string[] | 'all';
  /**
   * The not-yet-logged-in user of a device: acts as a konsulent on their own device (the server
   * judges the change again when it is pushed under a real account).
   */
  local?: boolean;
  /** The logged-in user's id (records only their own user writes: a rater's blind set). */
  userId?: string;
}

/** One change to one record. */
export interface Change {
  /** The record's id (needed on creation, for ids made from their parts). Defaults to `next.id`, then `current.id`. */
  recordId?: string;
  /**
   * The fields the change sets. Fields equal to the current value are not a change and are not
   * judged (a double click on a status button changes nothing). On creation: all given fields.
   */
  fields: Readonly<Record<string, unknown>>;
  /** The record as it will be after the change (default: current with `fields` on top). */
  next?: Readonly<Record<string, unknown>>;
}

/** What a rule needs beyond the record itself. */
export interface JudgeContext {
  /** The parent inspection's status (child records). Absent: the parent is unknown (it does not exist). */
  parentStatus?: InspectionStatus;
  /** The parent inspection's institution (child records). */
  parentInstitutionId?: string;
  /**
   * An inspection: how many observation records (not deleted) it has. Finalising needs one unless a
   * reason is stated (shared/visitEvidence.ts); absent counts as none.
   */
  observationCount?: number;
  /**
   * An inspection: the declared relations of the consultants being assigned (shared/impartiality.ts).
   * Absent: not known on this device (never logged in, directory not fetched); the server always passes them.
   */
  relations?: readonly UserRelation[];
  /**
   * The parent (or, for an inspection, its own) double scoring, when the inspection is double-scored
   * (shared/calibration/records.ts); absent: it is not.
   */
  doubleScoring?: Pick<Dobbeltscoring, 'raterIds' | 'consensus'>;
  /** A double-scored inspection: the raters' sets this side holds (on a device: the own set until both are sealed). */
  independentScores?: readonly Pick<UafhaengigScore, 'raterId' | 'sealedAt' | 'scores'>[];
  /** An inspection being sent to høring or made final: its official step per theme (themeScore). */
  themeSteps?: Readonly<Record<string, number | null>>;
  /**
   * An inspection made final: the data items the tilsynsramme in force on its date names
   * (shared/rammeData.ts). Absent or empty: the ramme names none.
   */
  rammeDataItems?: readonly { id: string; label: string }[];
}

/** Codes the judge answers with. Each has one Danish message in messages.ts. */
export type RuleCode =
  | 'not_your_institution'
  | 'leder_never_scores'
  | 'leder_no_status'
  | 'leder_read_only'
  | 'only_leder_answers'
  | 'follow_up_fields_are_leders'
  | 'follow_up_made_by_consultant'
  | 'version_frozen'
  | 'fixed_field'
  | 'new_inspection_status'
  | 'inspection_locked'
  | 'illegal_transition'
  | 'correction_reason_required'
  | 'children_locked'
  | 'hoering_closed'
  | 'report_version_needs_final'
  | 'follow_up_needs_final'
  | 'parent_missing'
  | 'parent_not_created'
  | 'id_not_anbefaling'
  | 'id_not_inspection'
  | 'id_not_parts'
  | 'follow_up_wrong_institution'
  | 'publication_needs_final'
  | 'publication_frozen'
  | 'board_orientation_needs_report'
  | 'publication_wrong_institution'
  | 'concern_level_required'
  | 'history_append_only'
  | 'case_needs_final'
  | 'case_wrong_institution'
  | SkaerpetRuleCode
  | CalibrationRuleCode
  | 'evidence_missing'
  | 'consultant_not_impartial'
  | 'override_forvaltning_only'
  | 'prior_data_unanswered'

  | 'withdrawal_forvaltning_only'
  | 'withdrawal_frozen';

/**
 * Codes only the server can decide (it has every record): see server/sync/serverChecks.ts. Their
 * messages live in messages.ts too, so every refusal a user sees is written once.
 */
export type ServerCheckCode =
  | 'framework_missing'
  | 'previous_version_missing'
  | 'anbefaling_missing'
  | 'fokuspunkt_missing'
  | 'creation_rejected_earlier'
  | 'base_rev_ahead'
  | 'publication_version_missing'
  | 'publication_privacy_check_failed'
  | 'publication_board_not_informed'
  | 'concern_level_mismatch'
  | 'withdrawal_publication_missing';

export type ReasonCode = RuleCode | ServerCheckCode;

export type ReasonParams = Readonly<Record<string, string | number>>;

export interface Refusal<C extends ReasonCode = ReasonCode> {
  ok: false;
  code: C;
  params?: ReasonParams;
}

export type Verdict = { ok: true } | Refusal<RuleCode>;

export type { InspectionStatus, RecordType, Role };
