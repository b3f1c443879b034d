import { z } from 'zod';
import { msg } from './i18n/i18n';
import { IsoDateSchema } from './dates';
import { publicationClock } from './publicationClock';
import type { Opfoelgning } from './followUp';
import type { Inspection } from './inspection';
import { caseStartedOn, isLateStart, startState, type Handleplan, type LimitOf, type SkaerpetTilsyn } from './skaerpetTilsyn';

/**
 * The political committee's figures for a period (LAW R1.15; Ballerup, Holstebro): counts over the
 * whole municipality, no institution named and no personal data. Computed on the server, which has
 * every record (server/routes/committee.ts); the dashboard downloads them as CSV or Excel.
 * A figure that cannot be computed is null ("registreres ikke endnu"), never a guess.
 */

export const CommitteeQuerySchema = z
  .object({ from: IsoDateSchema, to: IsoDateSchema })
  .refine((q) => q.from <= q.to, { error: msg('validation:committee.fromAfterTo'), path: ['from'] });
export type CommitteeQuery = z.infer<typeof CommitteeQuerySchema>;

export const COMMITTEE_FIGURES = [
  'institutioner',
  'tilsyn_endelige',
  'tilsyn_uanmeldte',
  'andel_uanmeldte_pct',
  'skaerpede_tilsyn',
  'rapporter_forfaldne',
  'rapporter_offentliggjort',
  'skaerpet_aabnet',
  'skaerpet_lukket',
  'skaerpet_aabne_ved_udgang',
  'skaerpet_startet_for_sent',
  'handleplaner_aabnet',
  'handleplaner_sat_i_gang',
  'handleplaner_lukket',
  'paabud_givet',
  'paabud_over_frist',
] as const;
export type CommitteeFigure = (typeof COMMITTEE_FIGURES)[number];

export const COMMITTEE_LABELS: Record<CommitteeFigure, string> = {
  institutioner: 'Institutioner og enheder under tilsyn',
  tilsyn_endelige: 'Tilsyn med endelig rapport (besøg i perioden)',
  tilsyn_uanmeldte: 'Heraf uanmeldte tilsyn',
  andel_uanmeldte_pct: 'Andel uanmeldte tilsyn (%)',
  skaerpede_tilsyn: 'Heraf besøg under skærpet tilsyn',
  rapporter_forfaldne: 'Institutioner hvis seneste offentliggjorte rapport er over 24 måneder gammel, eller som ingen har (ved periodens slutning)',
  rapporter_offentliggjort: 'Rapporter offentliggjort i perioden',
  skaerpet_aabnet: 'Skærpede tilsyn åbnet',
  skaerpet_lukket: 'Skærpede tilsyn lukket',
  skaerpet_aabne_ved_udgang: 'Skærpede tilsyn åbne ved periodens slutning',
  skaerpet_startet_for_sent: 'Skærpede tilsyn åbnet i perioden og ikke startet inden fristen',
  handleplaner_aabnet: 'Handleplaner åbnet',
  handleplaner_sat_i_gang: 'Handleplaner sat i gang',
  handleplaner_lukket: 'Handleplaner lukket',
  paabud_givet: 'Påbud givet',
  paabud_over_frist: 'Påbud over fristen uden efterprøvning (ved periodens slutning)',
};

export const CommitteeReportSchema = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  generatedAt: z.string(),
  rows: z.array(z.object({ id: z.enum(COMMITTEE_FIGURES), label: z.string(), value: z.number().nullable() })),
});
export type CommitteeReport = z.infer<typeof CommitteeReportSchema>;

export interface CommitteeInput {
  institutionIds: readonly string[];
  inspections: readonly Pick<Inspection, 'id' | 'institutionId' | 'status' | 'date' | 'visitType' | 'kind'>[];
  cases: readonly SkaerpetTilsyn[];
  plans: readonly Handleplan[];
  /** Only the påbud matter; anbefalinger are ignored. */
  followUps: readonly Pick<Opfoelgning, 'type' | 'deleted' | 'createdAt' | 'dueDate' | 'verifiedOn'>[];
  /** The publications (issue 13 part A): the two-year clock runs from them. */
  publications: readonly { institutionId: string; publishedOn: string }[];
}

/** The committee's figures for [from, to]; `today` caps the "ved periodens slutning" figures at what is known. */
export function committeeFigures(input: CommitteeInput, q: CommitteeQuery, limitOf: LimitOf, today: string, generatedAt: string): CommitteeReport {
  const { from, to } = q;
  const within = (d: string | null | undefined) => !!d && d >= from && d <= to;
  const end = to < today ? to : today;
  const finals = input.inspections.filter((i) => i.status === 'endelig');
  const visits = finals.filter((i) => within(i.date));
  const unannounced = visits.filter((i) => i.visitType === 'uanmeldt').length;

  // § 5 stk. 3: a report published at least every second year (shared/publicationClock.ts), as at the period's end.
  const latest = new Map<string, string>();
  for (const p of input.publications) if (p.publishedOn <= end && (latest.get(p.institutionId) ?? '') < p.publishedOn) latest.set(p.institutionId, p.publishedOn);
  const due = input.institutionIds.filter((id) => {
    const state = publicationClock(latest.get(id) ?? null, end).state;
    return state === 'overskredet' || state === 'aldrig';
  }).length;

  const opened = input.cases.filter((c) => within(c.establishedOn));
  const paabud = input.followUps.filter((f) => f.type === 'paabud' && !f.deleted);
  const values: Record<CommitteeFigure, number | null> = {
    institutioner: input.institutionIds.length,
    tilsyn_endelige: visits.length,
    tilsyn_uanmeldte: unannounced,
    andel_uanmeldte_pct: visits.length ? Math.round((unannounced / visits.length) * 1000) / 10 : null,
    skaerpede_tilsyn: visits.filter((i) => i.kind === 'skaerpet').length,
    rapporter_forfaldne: due,
    rapporter_offentliggjort: input.publications.filter((p) => within(p.publishedOn)).length,
    skaerpet_aabnet: opened.length,
    skaerpet_lukket: input.cases.filter((c) => c.status === 'lukket' && within(c.closedOn)).length,
    skaerpet_aabne_ved_udgang: input.cases.filter((c) => c.establishedOn <= end && !(c.status === 'lukket' && c.closedOn && c.closedOn <= end)).length,
    skaerpet_startet_for_sent: opened.filter((c) => {
      const started = caseStartedOn(c, input.inspections);
      return isLateStart(startState(c.establishedOn, started && started <= end ? started : null, end, limitOf(c.establishedOn)).state);
    }).length,
    handleplaner_aabnet: input.plans.filter((p) => within(isoDay(p.createdAt))).length,
    handleplaner_sat_i_gang: input.plans.filter((p) => within(p.activatedOn)).length,
    handleplaner_lukket: input.plans.filter((p) => p.status === 'lukket' && within(p.closedOn)).length,
    paabud_givet: paabud.filter((f) => within(isoDay(f.createdAt))).length,
    paabud_over_frist: paabud.filter((f) => f.dueDate !== null && f.dueDate < end && !(f.verifiedOn && f.verifiedOn <= end)).length,
  };
  return { from, to, generatedAt, rows: COMMITTEE_FIGURES.map((id) => ({ id, label: COMMITTEE_LABELS[id], value: values[id] })) };
}

/** The calendar day of an ISO time as the server records it (UTC). */
const isoDay = (iso: string) => iso.slice(0, 10);

/** The figures as CSV for Danish Excel: semicolons, decimal comma, "–" for a figure not recorded. */
export function committeeCsv(report: CommitteeReport): string {
  const lines = [`Nøgletal;Værdi`, `Periode;${report.from} – ${report.to}`];
  for (const r of report.rows) lines.push(`${r.label};${r.value === null ? 'registreres ikke endnu' : String(r.value).replace('.', ',')}`);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
