import { z } from 'zod';
// From dates.ts, not observation.ts: inspection.ts imports this file, and observation.ts imports inspection.ts.
import { LocalDateTimeSchema } from './dates';
import { PriorDataItemSchema } from './rammeData';

/**
 * What a visit must rest on before its report is final (dagtilbudsloven § 5 a stk. 4–6, LAW.md
 * R1.5, R1.6, R1.9): observations, a dialogue with the leder and staff, and the prior knowledge the
 * consultant had. The write judge (shared/rules) refuses "endelig" without the first two unless a
 * reason is stated; both sides call it.
 */

const participant = z.string().trim().min(1, { error: 'Skriv et navn eller fjern linjen' }).max(120, { error: 'Højst 120 tegn' });

/** The dialogue meeting of the visit: when, and who took part by role. */
export const DialogueSchema = z.object({
  at: LocalDateTimeSchema,
  /** Leder(e) taking part: officials' names may appear in the report (LAW.md R1.4). */
  leder: z.array(participant).max(6, { error: 'Højst 6 ledere' }).default([]),
  /** Staff representatives (names or a description: "2 pædagoger fra Solsikkestuen"). */
  staff: z.array(participant).max(20, { error: 'Højst 20 medarbejderrepræsentanter' }).default([]),
  /** The inspection's consultants who took part (user ids). */
  consultantIds: z.array(z.string().min(1)).max(6).default([]),
});
export type Dialogue = z.infer<typeof DialogueSchema>;

/** Finalising records which prior knowledge the brief showed (R1.9): ids of what was there. */
export const PriorKnowledgeSchema = z.object({
  recordedAt: z.string().min(1),
  /** Earlier final report versions of the institution. */
  reportVersionIds: z.array(z.string()).max(500),
  /** Open follow-up items (with the leder's answers). */
  followUpIds: z.array(z.string()).max(500),
  /** Skærpet tilsyn cases and handleplaner (issue 13, part B; empty until that exists). */
  caseIds: z.array(z.string()).max(500).default([]),
  /** The data the ramme in force names, each with whether it was there (shared/rammeData.ts). */
  dataItems: z.array(PriorDataItemSchema).max(30).optional(),
});
export type PriorKnowledge = z.infer<typeof PriorKnowledgeSchema>;

export const EVIDENCE_GAPS = ['observation', 'dialogue_leder', 'dialogue_staff'] as const;
export type EvidenceGap = (typeof EVIDENCE_GAPS)[number];

export const EVIDENCE_GAP_LABELS: Record<EvidenceGap, string> = {
  observation: 'mindst én observation',
  dialogue_leder: 'dialogen med lederen (tidspunkt og deltagende leder)',
  dialogue_staff: 'dialogen med personalet (mindst én medarbejderrepræsentant)',
};

/** What the visit lacks for a report to be final, ignoring any stated reason. */
export function evidenceGaps(inspection: { dialogue?: Dialogue | null }, observationCount: number): EvidenceGap[] {
  const gaps: EvidenceGap[] = [];
  if (observationCount < 1) gaps.push('observation');
  const d = inspection.dialogue;
  if (!d || d.leder.length === 0) gaps.push('dialogue_leder');
  if (!d || d.staff.length === 0) gaps.push('dialogue_staff');
  return gaps;
}

/** The gaps that block "endelig": none once a reason is stated. */
export function blockingEvidenceGaps(inspection: { dialogue?: Dialogue | null; evidenceReason?: string }, observationCount: number): EvidenceGap[] {
  return (inspection.evidenceReason ?? '').trim() !== '' ? [] : evidenceGaps(inspection, observationCount);
}
