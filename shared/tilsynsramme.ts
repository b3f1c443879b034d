import { z } from 'zod';
import { formatNumericDate, IsoDateSchema } from './dates';
import { msg, translate } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import { RammeDataItemsSchema } from './rammeData';

/**
 * The municipality's published tilsynsramme (dagtilbudsloven § 5 stk. 2; LAW.md R1.1), kept as
 * versioned data: forvaltning writes a version as a kladde, makes it gældende from a date, and every
 * device pulls the gældende versions. A gældende version is never edited: a change is a new version,
 * so an inspection can always show the frame it was carried out under (its `tilsynsrammeId`).
 */

/** The five sections the law asks the frame to describe, in the order it names them. */
export const RAMME_SECTIONS = ['organisering', 'besoeg', 'uvildighed', 'data', 'skaerpet'] as const;
export type RammeSection = (typeof RAMME_SECTIONS)[number];

export const RAMME_SECTION_LABELS: Readonly<Record<RammeSection, string>> = labelTable(RAMME_SECTIONS, (c) => `admin:ramme.section.${c}`);

/** The law's reference for each section (shown under its label). */
export const RAMME_SECTION_SOURCES: Readonly<Record<RammeSection, string>> = labelTable(RAMME_SECTIONS, (c) => `admin:ramme.source.${c}`);

export const RAMME_STATUSES = ['kladde', 'gaeldende'] as const;
export type RammeStatus = (typeof RAMME_STATUSES)[number];
export const RAMME_STATUS_LABELS: Readonly<Record<RammeStatus, string>> = labelTable(RAMME_STATUSES, (c) => `admin:ramme.status.${c}`);

export const SECTION_MAX = 20_000;
const sectionText = z.string().max(SECTION_MAX, { error: msg('validation:maxChars', { max: SECTION_MAX }) }).default('');

/**
 * Rules the product applies from the frame. The law gives no numbers (LAW.md 1.3); these are the
 * municipality's own choices, with defaults a municipality would recognise [proposal].
 */
export const RammeRulesSchema = z.object({
  /** Every unit gets at least one uanmeldt visit within this many months (§ 5 a stk. 2; Rødovre: a 24-month round). */
  unannouncedCycleMonths: z
    .number({ error: msg('validation:ramme.months') })
    .int({ error: msg('validation:ramme.wholeMonths') })
    .min(1, { error: msg('validation:ramme.minMonths') })
    .max(120, { error: msg('validation:ramme.maxMonths') })
    .default(24),
  /** "I umiddelbar forlængelse af" (§ 5 b stk. 4) as a limit: skærpet tilsyn starts within this many working days. */
  skaerpetStartLimitDays: z
    .number({ error: msg('validation:ramme.days') })
    .int({ error: msg('validation:ramme.wholeDays') })
    .min(1, { error: msg('validation:ramme.minDays') })
    .max(90, { error: msg('validation:ramme.maxDays') })
    .default(10),
  /** A report is published only once the forældrebestyrelse has been informed (§ 5 b stk. 1; R1.11). */
  publishWaitsForBoard: z.boolean().default(true),
});
export type RammeRules = z.infer<typeof RammeRulesSchema>;
export const DEFAULT_RAMME_RULES: RammeRules = RammeRulesSchema.parse({});

const url = z
  .string()
  .trim()
  .max(2000, { error: msg('validation:maxChars', { max: 2000 }) })
  .refine((s) => s === '' || /^https?:\/\/[^\s]+\.[^\s]+/.test(s), { error: msg('validation:ramme.url') })
  .default('');

/** A version's fields without the "gældende" rule (a kladde may be incomplete). */
export const TilsynsrammeSchema = z.object({
  id: z.string().trim().min(1, { error: msg('validation:ramme.id') }).max(200, { error: msg('validation:maxChars', { max: 200 }) }),
  /** 1, 2, 3 … in the order versions were made (the server numbers them). */
  version: z.number().int().min(1),
  title: z.string().trim().min(1, { error: msg('validation:ramme.title') }).max(300, { error: msg('validation:maxChars', { max: 300 }) }),
  sections: z.object(Object.fromEntries(RAMME_SECTIONS.map((s) => [s, sectionText])) as Record<RammeSection, typeof sectionText>).default(
    Object.fromEntries(RAMME_SECTIONS.map((s) => [s, ''])) as Record<RammeSection, string>,
  ),
  /** When the approving body approved the frame. */
  approvedOn: IsoDateSchema.nullable().default(null),
  /** Who approved it: "Børne- og Skoleudvalget", "Kommunalbestyrelsen". */
  approvedBy: z.string().trim().max(200, { error: msg('validation:maxChars', { max: 200 }) }).default(''),
  /** Where the municipality publishes it. */
  publicUrl: url,
  /** The first day the version applies to inspections; required to become gældende. */
  inForceFrom: IsoDateSchema.nullable().default(null),
  status: z.enum(RAMME_STATUSES).default('kladde'),
  rules: RammeRulesSchema.default(DEFAULT_RAMME_RULES),
  /** The data the consultant prepares a visit with, item by item (§ 5 a stk. 4; shared/rammeData.ts). */
  dataItems: RammeDataItemsSchema.default([]),
  rev: z.number().int().min(0).default(0),
});
export type Tilsynsramme = z.infer<typeof TilsynsrammeSchema>;

export interface RammeProblem {
  /** The form field: `sections.uvildighed`, `approvedOn`, … */
  path: string;
  message: string;
}

/**
 * Why a version cannot become gældende: the one rule, used by the server (which refuses) and the
 * form (which shows each message next to its field). Empty when it can.
 */
export function gaeldendeProblems(v: Pick<Tilsynsramme, 'sections' | 'approvedOn' | 'approvedBy' | 'publicUrl' | 'inForceFrom'>): RammeProblem[] {
  const out: RammeProblem[] = [];
  for (const s of RAMME_SECTIONS)
    if ((v.sections[s] ?? '').trim() === '') out.push({ path: `sections.${s}`, message: translate('admin:ramme.problem.sectionEmpty', { section: RAMME_SECTION_LABELS[s] }) });
  if (!v.approvedOn) out.push({ path: 'approvedOn', message: translate('admin:ramme.problem.approvedOn') });
  if (v.approvedBy.trim() === '') out.push({ path: 'approvedBy', message: translate('admin:ramme.problem.approvedBy') });
  if (v.publicUrl.trim() === '') out.push({ path: 'publicUrl', message: translate('admin:ramme.problem.publicUrl') });
  if (!v.inForceFrom) out.push({ path: 'inForceFrom', message: translate('admin:ramme.problem.inForceFrom') });
  return out;
}

/**
 * The version in force on `date`: of the gældende versions, the one with the latest `inForceFrom`
 * on or before it (a later version number wins a tie). Null before the first.
 */
export function rammeInForce<T extends Pick<Tilsynsramme, 'status' | 'inForceFrom' | 'version'>>(versions: Iterable<T>, date: string): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.status !== 'gaeldende' || !v.inForceFrom || v.inForceFrom > date) continue;
    if (!best || v.inForceFrom > best.inForceFrom! || (v.inForceFrom === best.inForceFrom && v.version > best.version)) best = v;
  }
  return best;
}

/** "Version 3 (gældende fra 01.01.2025)" */
export function rammeLabel(v: Pick<Tilsynsramme, 'version' | 'inForceFrom' | 'title'>): string {
  if (!v.inForceFrom) return translate('inspection:ramme.label', { title: v.title, version: v.version });
  return translate('inspection:ramme.labelInForce', { title: v.title, version: v.version, from: formatNumericDate(v.inForceFrom) });
}
