import { z } from 'zod';
import { msg, translate } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import { IsoDateSchema, todayIso } from './dates';
import { ThemeIdSchema } from './framework';
import { HOERING_TEXT_MAX, HoeringAnswerSchema } from './hoering';
import { FindingTypeSchema, InstitutionRoleSchema, VerificationStepSchema, recordBase } from './inspection';

/**
 * Opfølgning: each anbefaling of a final report lives on as a follow-up item until it is closed.
 * The consultant's client creates the items when it finalises the report (id = the anbefaling's
 * id); the institution's leder keeps status, owner, due date and notes up to date; the consultant
 * reads them, also offline on the next visit.
 */
export const FOLLOW_UP_STATUSES = ['aaben', 'i_gang', 'gennemfoert', 'ikke_fulgt'] as const;
export const FollowUpStatusSchema = z.enum(FOLLOW_UP_STATUSES, { error: msg('validation:followUp.status') });
export type FollowUpStatus = z.infer<typeof FollowUpStatusSchema>;

/** Still to be worked on. */
export const OPEN_FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['aaben', 'i_gang'];

/** One change of a follow-up item's owner or due date: who, when, from what to what. */
const FollowUpChangeSchema = z.object({
  at: z.string().min(1),
  by: z.string().max(120),
  field: z.enum(['owner', 'dueDate']),
  from: z.string().max(120).nullable(),
  to: z.string().max(120).nullable(),
});
export type FollowUpChange = z.infer<typeof FollowUpChangeSchema>;

/**
 * The item after the leder changes owner and/or due date: the changed fields with one history entry
 * per field that really changes. Pure, so every writer records the change the same way.
 */
export function withFollowUpChange<T extends Pick<Opfoelgning, 'owner' | 'dueDate' | 'history'>>(
  item: T,
  patch: Partial<Pick<Opfoelgning, 'owner' | 'dueDate'>>,
  by: string,
  at: string = new Date().toISOString(),
): T {
  const history = [...item.history];
  const next = { ...item };
  if (patch.owner !== undefined && patch.owner !== item.owner) {
    history.push({ at, by, field: 'owner', from: item.owner || null, to: patch.owner || null });
    next.owner = patch.owner;
  }
  if (patch.dueDate !== undefined && patch.dueDate !== item.dueDate) {
    history.push({ at, by, field: 'dueDate', from: item.dueDate, to: patch.dueDate });
    next.dueDate = patch.dueDate;
  }
  return { ...next, history };
}

export const OpfoelgningSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  anbefalingId: z.string().min(1),
  themeId: ThemeIdSchema,
  /** The anbefaling's text as it stood in the final report. */
  anbefaling: z.string().max(4000, { error: msg('validation:maxChars', { max: 4000 }) }),
  /** When the report that made it was finalised (ISO time): the item's age counts from here. */
  createdAt: z.string().min(1),
  status: FollowUpStatusSchema.default('aaben'),
  owner: z.string().max(120, { error: msg('validation:maxChars', { max: 120 }) }).default(''),
  dueDate: IsoDateSchema.nullable().default(null),
  notes: z.string().max(4000, { error: msg('validation:maxChars', { max: 4000 }) }).default(''),
  /**
   * The leder's høringssvar to the anbefaling (enig / uenig / plan and the text), carried into the
   * item when the report was finalised, so the leder and the consultant's next visit start from it.
   * null / '': not answered (also items made before answers were carried).
   */
  hoeringAnswer: HoeringAnswerSchema.nullable().default(null),
  hoeringText: z.string().max(HOERING_TEXT_MAX, { error: msg('validation:maxChars', { max: HOERING_TEXT_MAX }) }).default(''),
  /** The anbefaling was removed when the report was corrected. */
  deleted: z.boolean().default(false),
  /** Anbefaling or påbud, as in the report (fixed). */
  type: FindingTypeSchema.default('anbefaling'),
  /** The consultant's instruction in the report: the proposed owner (a role), due date and the concrete action. */
  proposedOwner: InstitutionRoleSchema.nullable().default(null),
  proposedDueDate: IsoDateSchema.nullable().default(null),
  action: z.string().max(2000, { error: msg('validation:maxChars', { max: 2000 }) }).default(''),
  /** Påbud: how compliance is checked, and when the consultant found it met (and who). */
  verification: VerificationStepSchema.nullable().default(null),
  verifiedOn: IsoDateSchema.nullable().default(null),
  verifiedBy: z.string().max(120).default(''),
  /** Every change of owner or due date after the report, oldest first; it only grows (shared/rules). */
  history: z.array(FollowUpChangeSchema).max(200).default([]),
});
export type Opfoelgning = z.infer<typeof OpfoelgningSchema>;

export function isOpenFollowUp(item: Pick<Opfoelgning, 'status' | 'deleted'>): boolean {
  return !item.deleted && OPEN_FOLLOW_UP_STATUSES.includes(item.status);
}

export const AGE_BUCKET_IDS = ['under-3', '3-6', '6-12', 'over-12'] as const;

export interface AgeBucket {
  id: (typeof AGE_BUCKET_IDS)[number];
  /** Items younger than this many days fall in the bucket (the last has no limit). */
  belowDays: number;
}

export const AGE_BUCKETS: readonly AgeBucket[] = [
  { id: 'under-3', belowDays: 91 },
  { id: '3-6', belowDays: 183 },
  { id: '6-12', belowDays: 365 },
  { id: 'over-12', belowDays: Number.POSITIVE_INFINITY },
];

/** "Under 3 måneder" / "Under 3 months": read in the language in use (`danishLabel` for a frozen text). */
export const AGE_BUCKET_LABELS: Readonly<Record<AgeBucket['id'], string>> = labelTable(AGE_BUCKET_IDS, (id) => `followUp:bucket.${id}`);

export interface OpenFollowUp<T extends Opfoelgning = Opfoelgning> {
  item: T;
  /** Whole days since the report was finalised. */
  ageDays: number;
  bucket: AgeBucket['id'];
  /** The due date has passed. */
  overdue: boolean;
}

export interface InstitutionFollowUps<T extends Opfoelgning = Opfoelgning> {
  institutionId: string;
  /** Oldest first. */
  items: OpenFollowUp<T>[];
  oldestDays: number;
  overdue: number;
  byBucket: Record<AgeBucket['id'], number>;
}

export interface FollowUpsByAge<T extends Opfoelgning = Opfoelgning> {
  today: string;
  total: number;
  overdue: number;
  /** Counts per age bucket, in AGE_BUCKETS order. */
  buckets: { id: AgeBucket['id']; count: number }[];
  /** Institutions with open items, the one with the oldest item first. */
  institutions: InstitutionFollowUps<T>[];
}

const DAY_MS = 86_400_000;

/** Whole days from the local calendar date of `fromIso` (a date or an ISO time) to `today` (YYYY-MM-DD). */
export function daysBetween(fromIso: string, today: string): number {
  const from = fromIso.length === 10 ? fromIso : todayIso(new Date(fromIso));
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.round((b - a) / DAY_MS));
}

function emptyBuckets(): Record<AgeBucket['id'], number> {
  return { 'under-3': 0, '3-6': 0, '6-12': 0, 'over-12': 0 };
}

/**
 * Open anbefalinger (åben or i gang, not removed) by age and institution: the follow-up board. Pure,
 * so the dashboard, the follow-up list and tests compute it the same way. `today` is YYYY-MM-DD.
 */
export function openFollowUpsByAge<T extends Opfoelgning>(items: readonly T[], today: string): FollowUpsByAge<T> {
  const open: OpenFollowUp<T>[] = items.filter(isOpenFollowUp).map((item) => {
    const ageDays = daysBetween(item.createdAt, today);
    const bucket = AGE_BUCKETS.find((b) => ageDays < b.belowDays)!.id;
    return { item, ageDays, bucket, overdue: item.dueDate !== null && item.dueDate < today };
  });
  open.sort((a, b) => b.ageDays - a.ageDays || a.item.institutionId.localeCompare(b.item.institutionId) || a.item.id.localeCompare(b.item.id));

  const byInstitution = new Map<string, InstitutionFollowUps<T>>();
  const totals = emptyBuckets();
  for (const o of open) {
    totals[o.bucket]++;
    let group = byInstitution.get(o.item.institutionId);
    if (!group) {
      group = { institutionId: o.item.institutionId, items: [], oldestDays: o.ageDays, overdue: 0, byBucket: emptyBuckets() };
      byInstitution.set(o.item.institutionId, group);
    }
    group.items.push(o);
    group.byBucket[o.bucket]++;
    if (o.overdue) group.overdue++;
  }
  return {
    today,
    total: open.length,
    overdue: open.filter((o) => o.overdue).length,
    buckets: AGE_BUCKETS.map((b) => ({ id: b.id, count: totals[b.id] })),
    // Map insertion follows the sort: the institution with the oldest open item comes first.
    institutions: [...byInstitution.values()],
  };
}

/** "4 måneder" / "12 dage": a Danish age for lists. */
/** "Åbnet i dag", "Åbnet i går", "Åbnet for 3 dage siden": never "Åben i 0 dage" beside an "I gang" badge. */
export function formatOpenedAgo(days: number): string {
  if (days <= 0) return translate('followUp:openedToday');
  if (days === 1) return translate('followUp:openedYesterday');
  return translate('followUp:openedAgo', { age: formatAge(days) });
}

/** In the language in use (the server's: Danish); plurals by i18next. */
export function formatAge(days: number): string {
  if (days < 31) return translate('followUp:age.days', { count: days });
  const months = Math.floor(days / 30.44);
  if (months < 24) return translate('followUp:age.months', { count: months });
  return translate('followUp:age.years', { count: Math.floor(days / 365.25) });
}
