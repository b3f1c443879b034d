import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { msg, translate } from './i18n/i18n';
import { labelTable } from './i18n/labels';

/**
 * Impartiality (uvildighed, dagtilbudsloven § 5 a stk. 3, LAW.md R1.8). The law only says the
 * municipality must ensure it and describe how; the rules below are what Rødovre, Aalborg and
 * Odense do and what forvaltningsloven § 3 implies [BK]. A consultant declares their relations to
 * institutions (or forvaltning records them); assigning a consultant with a blocking relation to a
 * visit is refused by the write judge (shared/rules), unless forvaltning overrides it with a written
 * reason, which the audit trail keeps and no report shows.
 */
export const RELATION_KINDS = ['leder', 'linjeleder', 'tilknyttet_konsulent', 'sparringskonsulent', 'tidligere_ansat', 'personlig'] as const;
export const RelationKindSchema = z.enum(RELATION_KINDS, { error: msg('validation:relation.kind') });
export type RelationKind = z.infer<typeof RelationKindSchema>;

export const RELATION_LABELS: Readonly<Record<RelationKind, string>> = labelTable(RELATION_KINDS, (c) => `inspection:relation.${c}`);

/**
 * Employment blocks for this many years after it ended [proposal: no source gives a number; two
 * years is one tilsyn cycle, § 5 stk. 3]. The tilsynsramme's section (c) names it.
 */
export const EMPLOYMENT_BLOCK_YEARS = 2;

/** The active rules in words, for the tilsynsramme's section (c) and the docs. */
export const IMPARTIALITY_RULES: readonly string[] = [
  'En konsulent fører ikke tilsyn med en institution, vedkommende er leder eller linjeleder for.',
  'En konsulent fører ikke tilsyn med en institution, vedkommende er tilknyttet som konsulent eller sparringspartner.',
  `En konsulent fører ikke tilsyn med en institution, vedkommende har været ansat i inden for ${EMPLOYMENT_BLOCK_YEARS} år.`,
  'En konsulent fører ikke tilsyn med en institution, vedkommende har en personlig relation til.',
  'Forvaltningen kan undtagelsesvis tildele konsulenten alligevel med en skriftlig begrundelse; den gemmes i loggen og vises aldrig i rapporten.',
];

/** One declared relation of a user to an institution. */
export const RelationSchema = z
  .object({
    institutionId: z.string().min(1, { error: msg('validation:inspection.institution') }),
    kind: RelationKindSchema,
    /** Employment only: the last day of employment; null while still employed there. */
    endedOn: IsoDateSchema.nullable().default(null),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== 'tidligere_ansat' && r.endedOn !== null)
      ctx.addIssue({ code: 'custom', path: ['endedOn'], message: translate('validation:impartiality.endedOn') });
  });
export type Relation = z.infer<typeof RelationSchema>;

/** A user's whole list, as the admin and account forms send it (PUT replaces the list). */
export const RelationListSchema = z.object({ relations: z.array(RelationSchema).max(200, { error: msg('validation:relation.max') }) });
export type RelationList = z.infer<typeof RelationListSchema>;

/** A relation with whose it is: what the judge and the consultant directory carry. */
export const UserRelationSchema = z.object({ userId: z.string().min(1), displayName: z.string().optional() }).and(RelationSchema);
export type UserRelation = z.infer<typeof UserRelationSchema>;

/** The date `years` before an ISO date (29 February → 28 February). */
function yearsBefore(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Does this relation bar the user from a visit to the institution on `date`? */
export function isBlocking(relation: Pick<Relation, 'kind' | 'endedOn'>, date: string): boolean {
  if (relation.kind !== 'tidligere_ansat') return true;
  return relation.endedOn === null || relation.endedOn >= yearsBefore(date, EMPLOYMENT_BLOCK_YEARS);
}

/** The first relation that bars `userId` from visiting `institutionId` on `date`, if any. */
export function blockingRelation(relations: readonly UserRelation[], userId: string, institutionId: string, date: string): UserRelation | undefined {
  return relations.find((r) => r.userId === userId && r.institutionId === institutionId && isBlocking(r, date));
}

/**
 * Forvaltning's override of a blocking relation on one visit: whom, why, by whom, when. Kept on the
 * inspection so it syncs and the judge sees it; the server writes it to the audit trail; the report
 * model never reads it.
 */
export const ImpartialityOverrideSchema = z.object({
  userId: z.string().min(1),
  reason: z.string().trim().min(10, { error: msg('validation:relation.overrideReason') }).max(2000, { error: msg('validation:maxChars', { max: 2000 }) }),
  /** Display name of the forvaltning user who made it. */
  by: z.string().max(120),
  at: z.string().min(1),
});
export type ImpartialityOverride = z.infer<typeof ImpartialityOverrideSchema>;

/** A user who can be put on a visit, as the consultant directory lists them (offline, cached). */
export const ConsultantUserSchema = z.object({ id: z.string().min(1), displayName: z.string(), role: z.enum(['konsulent', 'forvaltning']) });
export type ConsultantUser = z.infer<typeof ConsultantUserSchema>;

/** GET /api/consultants: every active consultant-capable user and their declared relations. */
export const ConsultantDirectorySchema = z.object({
  users: z.array(ConsultantUserSchema),
  relations: z.array(UserRelationSchema),
});
export type ConsultantDirectory = z.infer<typeof ConsultantDirectorySchema>;
