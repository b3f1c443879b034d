import { z } from 'zod';
import { msg } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import { recordBase } from './inspection';

/**
 * Høring: before a report is final the institution's leder reads the draft and answers each
 * anbefaling (enig / uenig / plan, with text) and may add one comment. Only the leder writes these
 * records, and only while the inspection is "i høring"; the consultant reads them.
 */
export const HOERING_ANSWERS = ['enig', 'uenig', 'plan'] as const;
export const HoeringAnswerSchema = z.enum(HOERING_ANSWERS, { error: msg('validation:hoering.answer') });
export type HoeringAnswer = z.infer<typeof HoeringAnswerSchema>;

export const HOERING_ANSWER_LABELS: Readonly<Record<HoeringAnswer, string>> = labelTable(HOERING_ANSWERS, (c) => `hoering:answer.${c}`);

export const HOERING_TEXT_MAX = 4000;

/** The leder's answer to one anbefaling. The id is the anbefaling's id: one answer per anbefaling. */
export const HoeringssvarSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  anbefalingId: z.string().min(1),
  /** null until the leder has chosen (they may write the text first). */
  answer: HoeringAnswerSchema.nullable().default(null),
  text: z.string().max(HOERING_TEXT_MAX, { error: msg('validation:maxChars', { max: HOERING_TEXT_MAX }) }).default(''),
});
export type Hoeringssvar = z.infer<typeof HoeringssvarSchema>;

/** The leder's comment on the report as a whole. The id is the inspection's id: one per inspection. */
export const HoeringskommentarSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  text: z.string().max(HOERING_TEXT_MAX, { error: msg('validation:maxChars', { max: HOERING_TEXT_MAX }) }).default(''),
});
export type Hoeringskommentar = z.infer<typeof HoeringskommentarSchema>;

/** How many of the anbefalinger have an answer chosen. */
export function hoeringProgress(anbefalingIds: readonly string[], svar: readonly Pick<Hoeringssvar, 'anbefalingId' | 'answer'>[]): { answered: number; total: number } {
  const answered = new Set(svar.filter((s) => s.answer !== null).map((s) => s.anbefalingId));
  return { answered: anbefalingIds.filter((id) => answered.has(id)).length, total: anbefalingIds.length };
}
