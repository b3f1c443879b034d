import type { InspectionStatus } from './inspection';

/**
 * The inspection lifecycle: planlagt → i gang → udkast → i høring → endelig.
 *
 * - udkast → i_gang: the consultant reopens a completed draft.
 * - i_hoering → udkast: the consultant pulls the draft back from høring (sent too early, or the
 *   leder pointed out an error of fact). The leder's answers are kept and shown again when the draft
 *   is sent to høring once more.
 * - endelig → udkast: "Ret endelig rapport". Needs a reason (`correctionReason`, recorded on the
 *   inspection in the same change). The final report already made stays as a frozen version; the
 *   next finalisation makes version n + 1 with who, when and that reason.
 * - udkast → endelig only while correcting (CORRECTION_TRANSITIONS): a correction may be finalised
 *   directly, or sent to høring again when the change is one the leder should see first.
 */
const TRANSITIONS: Record<InspectionStatus, readonly InspectionStatus[]> = {
  planlagt: ['i_gang'],
  i_gang: ['udkast'],
  udkast: ['i_gang', 'i_hoering'],
  i_hoering: ['endelig', 'udkast'],
  endelig: ['udkast'],
};

/** Extra edges while a final report is being corrected (the inspection has a correction reason). */
const CORRECTION_TRANSITIONS: Partial<Record<InspectionStatus, readonly InspectionStatus[]>> = {
  udkast: ['endelig'],
};

export interface TransitionContext {
  /** The inspection was final and has been reopened with a reason ("Ret endelig rapport"). */
  correcting?: boolean;
}

export function canTransition(from: InspectionStatus, to: InspectionStatus, context: TransitionContext = {}): boolean {
  if (TRANSITIONS[from].includes(to)) return true;
  return !!context.correcting && (CORRECTION_TRANSITIONS[from]?.includes(to) ?? false);
}

/** An inspection is being corrected when it carries a correction reason and is not final. */
export function isCorrecting(inspection: { status: InspectionStatus; correctionReason?: string | undefined }): boolean {
  return inspection.status !== 'endelig' && (inspection.correctionReason ?? '').trim() !== '';
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: InspectionStatus,
    readonly to: InspectionStatus,
  ) {
    super(`Et tilsyn kan ikke gå fra "${from}" til "${to}"`);
    this.name = 'IllegalTransitionError';
  }
}

export function transition(from: InspectionStatus, to: InspectionStatus, context: TransitionContext = {}): InspectionStatus {
  if (!canTransition(from, to, context)) throw new IllegalTransitionError(from, to);
  return to;
}

/** Scores and texts may be edited only while the consultant is working on the inspection. */
export function isEditable(status: InspectionStatus): boolean {
  return status === 'planlagt' || status === 'i_gang' || status === 'udkast';
}

/** Statuses a new inspection may be created in. Never "endelig": finalising makes the frozen report version. */
export const INITIAL_STATUSES: readonly InspectionStatus[] = ['planlagt', 'i_gang', 'udkast', 'i_hoering'];

/** The messages of the lifecycle's refusals; written once, in shared/rules/messages.ts. */
export { CORRECTION_REASON_REQUIRED, LEDER_CANNOT_CHANGE_STATUS } from './rules/messages';

// Who may make which transition (and the correction reason it needs) is the write judge's:
// shared/rules (the judge: role, then the edge from the current status and the reason it needs).
