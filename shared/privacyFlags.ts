import { z } from 'zod';
import { msg, translate } from './i18n/i18n';
import { PERSONAL_DATA_KINDS, containsCprNumber } from './privacy';
import { RecordTypeSchema, isFreeTextField } from './records';

/**
 * Personal data on the server: a push that stores text the detector (shared/privacy.ts) flags is
 * never refused, but leaves a warning flag that forvaltning lists, and forvaltning can purge the
 * text from the record, all its stored revisions and its conflicts (docs/security.md, V8).
 */

/** One open flag: this record's field holds (or held, in a stored revision) personal data of this kind. */
export const PrivacyFlagSchema = z.object({
  id: z.string(),
  recordType: RecordTypeSchema,
  recordId: z.string(),
  institutionId: z.string(),
  /** The institution's name, '' when unknown. */
  institutionName: z.string(),
  field: z.string(),
  kind: z.enum(PERSONAL_DATA_KINDS),
  /** When it was first found, and last found again. */
  foundAt: z.string(),
  lastFoundAt: z.string(),
  /**
   * The matches as written, in the record now and in its stored revisions and conflicts: what
   * forvaltning chooses from when purging. Empty when they are already gone.
   */
  matches: z.array(z.string()),
});
export type PrivacyFlag = z.infer<typeof PrivacyFlagSchema>;

export const PrivacyFlagListSchema = z.object({ flags: z.array(PrivacyFlagSchema) });

export const PURGE_REASON_MAX = 2000;
/** What replaces a purged text in a record, its revisions and a report version's snapshot. */
export const PURGED_MARK = '[fjernet]';

export const PurgeRequestSchema = z
  .object({
    recordType: RecordTypeSchema,
    recordId: z.string().min(1, { error: msg('validation:privacy.record') }).max(200),
    field: z.string().min(1, { error: msg('validation:privacy.field') }).max(100),
    /** The exact text to remove; absent to empty the whole field. */
    text: z.string().min(1, { error: msg('validation:privacy.text') }).max(20_000).optional(),
    reason: z.string().trim().min(5, { error: msg('validation:privacy.reasonMin') }).max(PURGE_REASON_MAX, { error: msg('validation:maxChars', { max: PURGE_REASON_MAX }) }),
  })
  .superRefine((r, ctx) => {
    if (!isFreeTextField(r.recordType, r.field)) ctx.addIssue({ code: 'custom', path: ['field'], message: translate('validation:privacy.notTextField', { field: r.field }) });
    if (r.text !== undefined && r.reason.includes(r.text))
      ctx.addIssue({ code: 'custom', path: ['reason'], message: translate('validation:privacy.reasonRepeats') });
    if (containsCprNumber(r.reason)) ctx.addIssue({ code: 'custom', path: ['reason'], message: translate('validation:privacy.reasonCpr') });
  });
export type PurgeRequest = z.infer<typeof PurgeRequestSchema>;

export const PurgeResultSchema = z.object({
  recordType: RecordTypeSchema,
  recordId: z.string(),
  field: z.string(),
  /** The record's new revision: devices replace their copy on their next pull. */
  rev: z.number().int(),
  /** How many stored revisions and conflicts were changed. */
  revisions: z.number().int(),
  conflicts: z.number().int(),
});
export type PurgeResult = z.infer<typeof PurgeResultSchema>;
