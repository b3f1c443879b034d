import { z } from 'zod';
import { msg } from '../i18n/i18n';
import { blockingRelation, type UserRelation } from '../impartiality';

/**
 * Who can be the second rater of a double-scored visit, and which visits forvaltning may hand-pick
 * (docs/kalibrering.md). One rule for the server's draw, the server's check of a hand-pick, and the
 * Kalibrering page's lists (which the server judges again).
 */

export type SecondRaterProblem = 'not_konsulent' | 'on_visit' | 'blocking_relation';

/** The server's refusal code for each problem (errors:code.<code>, shown next to the field). */
export const SECOND_RATER_CODES: Readonly<Record<SecondRaterProblem, string>> = {
  not_konsulent: 'anden_bedoemmer_ikke_konsulent',
  on_visit: 'anden_bedoemmer_paa_tilsynet',
  blocking_relation: 'anden_bedoemmer_inhabil',
};

interface VisitForRater {
  institutionId: string;
  date: string;
  consultantIds: readonly string[];
}

/**
 * Why this user cannot be the second rater, or null when they can: an active konsulent (callers pass
 * active users only: the server's query and the consultant directory leave disabled users out) who is
 * not one of the visit's consultants (the visit's own team: users have no team field) and has no
 * blocking relation to the institution on the visit's date (shared/impartiality.ts; no override).
 */
export function secondRaterProblem(user: { id: string; role: string }, relations: readonly UserRelation[], visit: VisitForRater): SecondRaterProblem | null {
  if (user.role !== 'konsulent') return 'not_konsulent';
  if (visit.consultantIds.includes(user.id)) return 'on_visit';
  if (blockingRelation(relations, user.id, visit.institutionId, visit.date)) return 'blocking_relation';
  return null;
}

export function secondRaterCandidates<U extends { id: string; role: string }>(users: readonly U[], relations: readonly UserRelation[], visit: VisitForRater): U[] {
  return users.filter((u) => secondRaterProblem(u, relations, visit) === null);
}

/**
 * A visit can be hand-picked while nobody has scored it yet (blind means before anyone scored):
 * planned or started, no official step, and not double-scored already.
 */
export type HandPickVisitProblem = 'already_double_scored' | 'already_scored';
export function handPickVisitProblem(visit: { status: string; hasOfficialStep: boolean; doubleScored: boolean }): HandPickVisitProblem | null {
  if (visit.doubleScored) return 'already_double_scored';
  if (!['planlagt', 'i_gang'].includes(visit.status) || visit.hasOfficialStep) return 'already_scored';
  return null;
}

export const HAND_PICK_REASON_MIN = 10;
export const HAND_PICK_REASON_MAX = 1000;

/** Forvaltning hand-picks a visit for double scoring (not random), with a reason; the second rater may be named. */
export const HandPickRequestSchema = z.object({
  inspectionId: z.string({ error: msg('kalibrering:handPick.inspectionRequired') }).min(1, { error: msg('kalibrering:handPick.inspectionRequired') }),
  secondRaterId: z.string().min(1).optional(),
  reason: z
    .string({ error: msg('kalibrering:handPick.reasonRequired', { min: HAND_PICK_REASON_MIN }) })
    .trim()
    .min(HAND_PICK_REASON_MIN, { error: msg('kalibrering:handPick.reasonRequired', { min: HAND_PICK_REASON_MIN }) })
    .max(HAND_PICK_REASON_MAX, { error: msg('validation:maxChars', { max: HAND_PICK_REASON_MAX }) }),
});
export type HandPickRequest = z.infer<typeof HandPickRequestSchema>;
