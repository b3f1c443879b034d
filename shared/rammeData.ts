import { z } from 'zod';
import { msg, translate } from './i18n/i18n';
import { unitTypeOf, type Institution, type UnitType } from './institution';

/**
 * The data the tilsynsramme names (dagtilbudsloven § 5 a stk. 4; LAW.md R1.9, fourth point): the
 * section "Brug af data" is prose, and beside it the version lists, item by item, which qualitative
 * and quantitative data the consultant prepares a visit with. The pre-visit brief shows each item
 * with what this device holds for it (or that it is not available offline), the consultant ticks
 * which were there, and finalising records the answer for every item (`dataItemProblems`, judged on
 * both sides).
 */

/**
 * Where an item's data lives. The first four are in the app, so the brief shows them offline; the
 * last is data kept elsewhere (sprogvurderinger, trivselsmålinger, klager, the institution's own
 * evaluation of its pædagogiske læreplan …) that the consultant fetches before the visit.
 */
export const RAMME_DATA_SOURCES = ['rapporter', 'opfoelgning', 'skaerpet', 'noegletal', 'ekstern'] as const;
export type RammeDataSource = (typeof RAMME_DATA_SOURCES)[number];
export const DATA_ITEMS_MAX = 30;

export const RammeDataItemSchema = z.object({
  /** Stable within the ramme's versions ("Ny version" copies it), so answers can be compared. */
  id: z.string().trim().min(1).max(80),
  label: z.string().trim().min(1, { error: msg('validation:ramme.dataLabel') }).max(200, { error: msg('validation:maxChars', { max: 200 }) }),
  source: z.enum(RAMME_DATA_SOURCES, { error: msg('validation:ramme.dataSource') }),
  /** Where to find it, how it is used ("Sprogvurderinger, institutionens gennemsnit, fra BørneIT"). */
  note: z.string().trim().max(500, { error: msg('validation:maxChars', { max: 500 }) }).default(''),
});
export type RammeDataItem = z.infer<typeof RammeDataItemSchema>;

export const RammeDataItemsSchema = z
  .array(RammeDataItemSchema)
  .max(DATA_ITEMS_MAX, { error: msg('validation:ramme.maxDataItems', { max: DATA_ITEMS_MAX }) })
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = item.label.trim().toLocaleLowerCase('da');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'label'], message: translate('validation:ramme.duplicateDataItem') });
      seen.add(key);
    });
  });

/**
 * A starting list for a municipality's first version (the data § 5 a stk. 4 and practice name)
 * [proposal]. `key` names the label in the UI's language (besoeg2:suggested.*); once added, the
 * label is the municipality's own text.
 */
export const SUGGESTED_DATA_ITEMS: readonly { key: string; source: RammeDataSource }[] = [
  { key: 'rapporter', source: 'rapporter' },
  { key: 'opfoelgning', source: 'opfoelgning' },
  { key: 'skaerpet', source: 'skaerpet' },
  { key: 'noegletal', source: 'noegletal' },
  { key: 'sprog', source: 'ekstern' },
  { key: 'trivsel', source: 'ekstern' },
  { key: 'klager', source: 'ekstern' },
  { key: 'laereplan', source: 'ekstern' },
];

/** The answer for one item, as finalising records it (inspection.priorKnowledge.dataItems). */
export const PriorDataItemSchema = z.object({
  id: z.string().min(1).max(80),
  label: z.string().max(200),
  /** The consultant ticked it: the data was there before the visit. */
  there: z.boolean(),
});
export type PriorDataItem = z.infer<typeof PriorDataItemSchema>;

/** What this device holds of the institution, per in-app source (the brief's other parts). */
export interface DeviceData {
  reports: number;
  openFollowUps: number;
  cases: number;
  /** The institution's record; absent when the device lacks it. */
  institution?: Pick<Institution, 'children0to2' | 'children3to5' | 'type' | 'unitType'> | undefined;
}

/** What the device has for one item: a count of records, the key figures, or nothing ("ikke tilgængelig offline"). */
export type OnDevice =
  | { kind: 'count'; n: number }
  | { kind: 'keyFigures'; places: number; children0to2: number; children3to5: number; type: Institution['type']; unitType: UnitType }
  | null;

/** One item as the brief shows it. */
export interface BriefDataItem extends RammeDataItem {
  onDevice: OnDevice;
}

/** Each item the ramme names with what the device has for it. */
export function briefDataItems(items: readonly RammeDataItem[], device: DeviceData): BriefDataItem[] {
  const i = device.institution;
  return items.map((item) => {
    switch (item.source) {
      case 'rapporter':
        return { ...item, onDevice: { kind: 'count', n: device.reports } };
      case 'opfoelgning':
        return { ...item, onDevice: { kind: 'count', n: device.openFollowUps } };
      case 'skaerpet':
        return { ...item, onDevice: { kind: 'count', n: device.cases } };
      case 'noegletal':
        return { ...item, onDevice: i ? { kind: 'keyFigures', places: i.children0to2 + i.children3to5, children0to2: i.children0to2, children3to5: i.children3to5, type: i.type, unitType: unitTypeOf(i) } : null };
      case 'ekstern':
        return { ...item, onDevice: null };
    }
  });
}

/** The answers recorded at finalising: every item the ramme names, ticked or not. */
export function priorDataItemsOf(items: readonly RammeDataItem[], ticked: readonly string[]): PriorDataItem[] {
  const on = new Set(ticked);
  return items.map((i) => ({ id: i.id, label: i.label, there: on.has(i.id) }));
}

/**
 * The one rule, on the device and on the server: a report made final under a ramme that names data
 * records an answer for each of its items, once, and none it does not name. Returns the labels of
 * the items without an answer (empty: fine); an unknown or repeated answer counts as its own problem.
 */
export function dataItemProblems(named: readonly Pick<RammeDataItem, 'id' | 'label'>[], recorded: readonly { id: string }[] | undefined): string[] {
  const answers = recorded ?? [];
  const ids = new Set(named.map((n) => n.id));
  const problems: string[] = named.filter((n) => answers.filter((a) => a.id === n.id).length !== 1).map((n) => n.label);
  for (const a of answers) if (!ids.has(a.id)) problems.push(`ukendt datapunkt ${a.id}`);
  return [...new Set(problems)];
}
