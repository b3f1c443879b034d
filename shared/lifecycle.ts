import type { InspectionStatus } from './inspection';

/** Allowed lifecycle transitions. The høring steps (udkast → i høring → endelig) arrive with the høring feature. */
const TRANSITIONS: Record<InspectionStatus, readonly InspectionStatus[]> = {
  planlagt: ['i_gang'],
  i_gang: ['udkast'],
  udkast: ['i_gang'],
  i_hoering: [],
  endelig: [],
};

export function canTransition(from: InspectionStatus, to: InspectionStatus): boolean {
  return TRANSITIONS[from].includes(to);
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

export function transition(from: InspectionStatus, to: InspectionStatus): InspectionStatus {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return to;
}

/** Scores and texts may be edited only while the consultant is working on the inspection. */
export function isEditable(status: InspectionStatus): boolean {
  return status === 'planlagt' || status === 'i_gang' || status === 'udkast';
}
