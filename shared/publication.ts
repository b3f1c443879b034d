import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { msg, translate } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import { recordBase } from './inspection';
import { findPersonalData, personalDataLabel, type PersonalDataKind } from './privacy';
import { reportVersionId, type ReportSnapshot } from './reportVersion';
import { dialogueParticipantsOf } from './reportModel';

/**
 * After the report is final: the forældrebestyrelse is informed (§ 5 b stk. 1) and the report is
 * published on the dagtilbud's website (§ 5 stk. 3). Two synced records:
 * - `bestyrelsesorientering` (id = the inspection's id): when and how the board was informed, and
 *   its comment if it gave one. The consultant or the institution's leder records it.
 * - `publicering` (id = `<version id>:publiceret`): one final report version marked published, with
 *   the date, the URL on the institution's website and who did it. It copies the board orientation
 *   and the follow-up section as they stood, so the published report never changes afterwards.
 *   Never changed once stored; a correction is published as the next version's publication.
 */

export const BOARD_FORMS = ['bestyrelsesmoede', 'skriftligt', 'andet'] as const;
export const BoardFormSchema = z.enum(BOARD_FORMS, { error: msg('validation:publication.boardForm') });
export type BoardForm = z.infer<typeof BoardFormSchema>;
export const BOARD_FORM_LABELS: Readonly<Record<BoardForm, string>> = labelTable(BOARD_FORMS, (c) => `report:publication.boardForm.${c}`);

export const BOARD_COMMENT_MAX = 4000;

export const BestyrelsesorienteringSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  informedOn: IsoDateSchema,
  form: BoardFormSchema,
  /** The board's comment on the assessment, printed in the published report; '' for none. */
  comment: z.string().max(BOARD_COMMENT_MAX, { error: msg('validation:maxChars', { max: BOARD_COMMENT_MAX }) }).default(''),
});
export type Bestyrelsesorientering = z.infer<typeof BestyrelsesorienteringSchema>;

/** The board orientation as the published report prints it. */
export const BoardNoticeSchema = z.object({ informedOn: IsoDateSchema, form: BoardFormSchema, comment: z.string().max(BOARD_COMMENT_MAX) });
export type BoardNotice = z.infer<typeof BoardNoticeSchema>;

/**
 * One line of the follow-up section (§ 5 b stk. 2): what is to be done, by whom, by when. `kind`
 * 'paabud' is the place for påbud (issue 13 part B) beside the anbefalinger.
 */
export const PublishedFollowUpSchema = z.object({
  kind: z.enum(['anbefaling', 'paabud']).default('anbefaling'),
  themeName: z.string(),
  text: z.string().max(4000),
  owner: z.string().max(120),
  dueDate: IsoDateSchema.nullable(),
});
export type PublishedFollowUp = z.infer<typeof PublishedFollowUpSchema>;

const httpUrl = z
  .string({ error: msg('validation:publication.url') })
  .trim()
  .min(1, { error: msg('validation:publication.url'), abort: true })
  .max(500, { error: msg('validation:maxChars', { max: 500 }) })
  .refine((s) => /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(s), { error: msg('validation:publication.wholeUrl') });

export const OVERRIDE_REASON_MAX = 2000;

export const PubliceringSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  version: z.number().int().min(1),
  publishedOn: IsoDateSchema,
  url: httpUrl,
  /** Who published it (display name); the server's revision log also holds the user id. */
  publishedBy: z.string().trim().min(1, { error: msg('validation:publication.publishedBy') }).max(120, { error: msg('validation:maxChars', { max: 120 }) }),
  /** Why the report is published although the privacy check found something; '' when it found nothing. Never printed. */
  privacyOverrideReason: z.string().max(OVERRIDE_REASON_MAX, { error: msg('validation:maxChars', { max: OVERRIDE_REASON_MAX }) }).default(''),
  /** The board orientation as it stood; null only where the ramme lets publishing go first. */
  board: BoardNoticeSchema.nullable(),
  followUp: z.array(PublishedFollowUpSchema).max(200).default([]),
});
export type Publicering = z.infer<typeof PubliceringSchema>;

export function publicationId(inspectionId: string, version: number): string {
  return `${reportVersionId(inspectionId, version)}:publiceret`;
}

/**
 * What the municipality's tilsynsramme decides about publishing. Default: publishing waits for the
 * board orientation (LAW.md R1.11); the ramme in force on the publication date may say otherwise
 * (shared/tilsynsramme.ts, `rules.publishWaitsForBoard`).
 */
export interface PublicationPolicy {
  boardOrientationRequired: boolean;
}
export const DEFAULT_PUBLICATION_POLICY: PublicationPolicy = { boardOrientationRequired: true };

/** The policy of the ramme in force (null: none is gældende yet, so the default). */
export function publicationPolicyOf(ramme: { rules: { publishWaitsForBoard: boolean } } | null): PublicationPolicy {
  return ramme ? { boardOrientationRequired: ramme.rules.publishWaitsForBoard } : DEFAULT_PUBLICATION_POLICY;
}

/** The texts of a report that a reader of the published report sees (ids and numbers are not text). */
export function publishedTexts(snapshot: ReportSnapshot, board: BoardNotice | null, followUp: readonly PublishedFollowUp[]): string[] {
  return [
    ...dialogueParticipantsOf(snapshot),
    ...snapshot.rows.flatMap((r) => [r.notAssessedReason, ...r.anerkendelser, ...r.anbefalinger]),
    ...(snapshot.hoering ? [snapshot.hoering.comment, ...snapshot.hoering.items.flatMap((i) => [i.anbefaling, i.text])] : []),
    ...(board ? [board.comment] : []),
    ...followUp.flatMap((f) => [f.text, f.owner]),
  ].filter((t) => t.trim() !== '');
}

export interface PrivacyHit {
  kind: PersonalDataKind;
  label: string;
  texts: string[];
}

/** What the privacy check (shared/privacy.ts) finds in the published texts, one entry per kind. */
export function publicationPrivacyHits(texts: readonly string[]): PrivacyHit[] {
  const byKind = new Map<PersonalDataKind, string[]>();
  for (const t of texts) for (const f of findPersonalData(t)) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), ...f.texts]);
  return [...byKind].map(([kind, found]) => ({ kind, label: personalDataLabel(kind), texts: found }));
}

export type PublicationProblemCode = 'privacy_check_failed' | 'board_not_informed' | 'not_final_version';

export interface PublicationProblem {
  code: PublicationProblemCode;
  message: string;
}

/** "Persondatatjekket fandt: telefonnummer. …": `kinds` are the labels of what was found (UI language; Danish on the server). */
export function privacyProblemMessage(kinds: string): string {
  return translate('report:publication.problem.privacy', { kinds: kinds.toLowerCase() });
}

/**
 * Why this version may not be published yet; [] when it may. The one rule: the consultant's app asks
 * it before it writes the publication, the server again on push (server/sync/serverChecks.ts).
 */
export function publicationProblems(input: {
  snapshot: ReportSnapshot;
  board: BoardNotice | null;
  followUp: readonly PublishedFollowUp[];
  privacyOverrideReason: string;
  policy?: PublicationPolicy;
}): PublicationProblem[] {
  const policy = input.policy ?? DEFAULT_PUBLICATION_POLICY;
  const out: PublicationProblem[] = [];
  if (!input.snapshot.final) out.push({ code: 'not_final_version', message: translate('report:publication.problem.notFinal') });
  const hits = publicationPrivacyHits(publishedTexts(input.snapshot, input.board, input.followUp));
  if (hits.length > 0 && input.privacyOverrideReason.trim() === '')
    out.push({ code: 'privacy_check_failed', message: privacyProblemMessage(hits.map((h) => h.label).join(', ')) });
  if (policy.boardOrientationRequired && !input.board)
    out.push({ code: 'board_not_informed', message: translate('report:publication.problem.boardNotInformed') });
  return out;
}
