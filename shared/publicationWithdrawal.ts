import { z } from 'zod';
import { IsoDateSchema, formatDanishDate, formatLongDate } from './dates';
import { msg, translate, type Language } from './i18n/i18n';
import { recordBase } from './inspection';
import { publicationId } from './publication';

/**
 * Withdrawing a publication (§ 5 stk. 3): forvaltning takes a published report off the public page,
 * with a written reason (a report published by mistake, a legal objection). The `publicering` record
 * stays as it was (it is frozen and append-only: what was published, when, by whom); the withdrawal
 * is its own record beside it, also frozen, id `<publication id>:tilbagetrukket`. From then on:
 * - the public page shows the institution's previous publication, if any, or none;
 * - the two-year clock runs from the previous publication (or says none was published);
 * - the publication stays in the case file and the app, marked withdrawn.
 * A withdrawn version is not published again: a correction ("Ret endelig rapport") makes the next
 * version, which is published as usual. See docs/offentliggoerelse.md.
 */

export const WITHDRAWAL_REASON_MAX = 2000;

export const TilbagetraekningSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  version: z.number().int().min(1),
  withdrawnOn: IsoDateSchema,
  /** Why it was withdrawn; kept in the app, the case file and the revision log, never on the public page. */
  reason: z
    .string({ error: msg('efterbesoeg:withdraw.reasonRequired') })
    .trim()
    .min(1, { error: msg('efterbesoeg:withdraw.reasonRequired') })
    .max(WITHDRAWAL_REASON_MAX, { error: msg('validation:maxChars', { max: WITHDRAWAL_REASON_MAX }) }),
  /** Who withdrew it (display name); the revision log and the audit trail also hold the user id. */
  withdrawnBy: z
    .string()
    .trim()
    .min(1, { error: msg('efterbesoeg:withdraw.whoRequired') })
    .max(120, { error: msg('validation:maxChars', { max: 120 }) }),
});
export type Tilbagetraekning = z.infer<typeof TilbagetraekningSchema>;

export function withdrawalId(inspectionId: string, version: number): string {
  return `${publicationId(inspectionId, version)}:tilbagetrukket`;
}

/** The publication a withdrawal takes back. */
export function withdrawnPublicationId(w: Pick<Tilbagetraekning, 'inspectionId' | 'version'>): string {
  return publicationId(w.inspectionId, w.version);
}

/** The publications that stand: every one not withdrawn. The public page and the two-year clock read only these. */
export function standingPublications<P extends { id: string }>(publications: readonly P[], withdrawals: readonly Pick<Tilbagetraekning, 'inspectionId' | 'version'>[]): P[] {
  const gone = new Set(withdrawals.map(withdrawnPublicationId));
  return publications.filter((p) => !gone.has(p.id));
}

/**
 * "Trukket tilbage 3. maj 2026 af Forvaltningen: …": Danish by default, for the case file (which
 * stays Danish); in `lng` for a screen ("Withdrawn on 3 May 2026 by …").
 */
export function withdrawalText(w: Pick<Tilbagetraekning, 'withdrawnOn' | 'withdrawnBy' | 'reason'>, lng: Language = 'da'): string {
  const date = lng === 'da' ? formatDanishDate(w.withdrawnOn) : formatLongDate(w.withdrawnOn, lng);
  return translate('efterbesoeg:withdraw.text', { lng, date, who: w.withdrawnBy, reason: w.reason });
}
