import { blockingRelation, type ConsultantDirectory, type ImpartialityOverride } from '../../../shared/impartiality';
import type { ConsultantChoice } from './ConsultantPicker';

export const splitNames = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The inspection's consultant fields from the picker (Nyt tilsyn and changing them later): user ids,
 * with forvaltning's written override for each newly blocked consultant, or legacy names without a
 * directory. `kept`: the overrides already on the visit (they stay, and the server audits only new ones).
 */
export function consultantFields(choice: ConsultantChoice, directory: ConsultantDirectory | null, institutionId: string, date: string, by: string, kept: readonly ImpartialityOverride[] = []) {
  if (!directory) return { consultantIds: [], consultants: splitNames(choice.names) };
  const blocked = choice.consultantIds.filter((id) => blockingRelation(directory.relations, id, institutionId, date) && !kept.some((o) => o.userId === id));
  const reason = choice.overrideReason.trim();
  const added = reason ? blocked.map((userId) => ({ userId, reason, by, at: new Date().toISOString() })) : [];
  // Earlier overrides stay on the record even when that consultant is taken off again: they are history.
  const impartialityOverrides = [...kept, ...added];
  return { consultantIds: choice.consultantIds, consultants: [], ...(impartialityOverrides.length ? { impartialityOverrides } : {}) };
}
