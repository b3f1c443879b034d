import { z } from 'zod';
import { msg, translate } from './i18n/i18n';
import { labelTable } from './i18n/labels';

export const INSTITUTION_TYPES = ['vuggestue', 'børnehave', 'integreret', 'dagpleje'] as const;
export const OWNERSHIPS = ['kommunal', 'selvejende', 'privat'] as const;

export const InstitutionTypeSchema = z.enum(INSTITUTION_TYPES, { error: msg('validation:institution.type') });
export const OwnershipSchema = z.enum(OWNERSHIPS, { error: msg('validation:institution.ownership') });

/**
 * The units dagtilbudsloven § 5 stk. 1 supervises, beside the age groups of `type`. Each gets its
 * own report, except the dagpleje: one combined report for all its visits (§ 5 stk. 3).
 */
export const UNIT_TYPES = ['daginstitution', 'enhed', 'dagpleje', 'puljeordning', 'obligatorisk_laeringstilbud', 'privat_pasningsordning'] as const;
export const UnitTypeSchema = z.enum(UNIT_TYPES, { error: msg('validation:institution.unitType') });
export type UnitType = z.infer<typeof UnitTypeSchema>;
export const UNIT_TYPE_LABELS: Readonly<Record<UnitType, string>> = labelTable(UNIT_TYPES, (c) => `institutions:unitType.${c}`);

const childCount = z.number({ error: msg('validation:institution.count') }).int({ error: msg('validation:institution.wholeCount') }).min(0, { error: msg('validation:institution.negativeCount') });

/** Institutions are counted, never children: only aggregate numbers of places. */
export const InstitutionSchema = z.object({
  id: z.string().trim().min(1, { error: msg('validation:institution.id') }),
  name: z.string().trim().min(1, { error: msg('validation:institution.name') }),
  type: InstitutionTypeSchema,
  ownership: OwnershipSchema,
  district: z.string().trim().optional(),
  children0to2: childCount,
  children3to5: childCount,
  /** What the law counts it as (R1.2); absent: derived from `type` (unitTypeOf). */
  unitType: UnitTypeSchema.optional(),
  /** For an enhed: the multi-unit institution it belongs to (dagtilbudsloven § 19 stk. 6). */
  parentInstitutionId: z.string().trim().min(1, { error: msg('validation:institution.parent') }).max(200).optional(),
  rev: z.number().int().min(0).default(0),
});
export type Institution = z.infer<typeof InstitutionSchema>;

/** The unit the law counts: an explicit `unitType`, else a dagpleje or a daginstitution by its type. */
export function unitTypeOf(i: Pick<Institution, 'type' | 'unitType'>): UnitType {
  return i.unitType ?? (i.type === 'dagpleje' ? 'dagpleje' : 'daginstitution');
}

/** One problem of the unit rule: the field, the text in the language in use, and the key and params it was worded from. */
export interface UnitProblem {
  path: 'parentInstitutionId' | 'unitType';
  message: string;
  key: string;
  params?: Record<string, string>;
}

/**
 * The unit rules, checked by the server on every create and change and by the form: an enhed
 * belongs to one institution that is not itself an enhed; only an enhed has a parent; a dagpleje is
 * of type Dagpleje. `parent`: the parent as stored, null when it does not exist, undefined when none is named.
 */
export function unitProblems(i: Pick<Institution, 'id' | 'type' | 'unitType' | 'parentInstitutionId'>, parent?: Pick<Institution, 'id' | 'type' | 'unitType'> | null): UnitProblem[] {
  const out: UnitProblem[] = [];
  const problem = (path: UnitProblem['path'], key: string, params?: Record<string, string>): UnitProblem => ({ path, message: translate(key, params), key, ...(params ? { params } : {}) });
  const unit = unitTypeOf(i);
  if (unit === 'enhed' && !i.parentInstitutionId) out.push(problem('parentInstitutionId', 'validation:institution.unitNeedsParent'));
  if (unit !== 'enhed' && i.parentInstitutionId) out.push(problem('parentInstitutionId', 'validation:institution.onlyUnitHasParent'));
  if (i.parentInstitutionId && i.parentInstitutionId === i.id) out.push(problem('parentInstitutionId', 'validation:institution.notOwnParent'));
  else if (i.parentInstitutionId && parent === null) out.push(problem('parentInstitutionId', 'validation:institution.parentMissing', { id: i.parentInstitutionId }));
  else if (parent && unitTypeOf(parent) === 'enhed') out.push(problem('parentInstitutionId', 'validation:institution.parentIsUnit'));
  if ((unit === 'dagpleje') !== (i.type === 'dagpleje')) out.push(problem('unitType', 'validation:institution.dagpleje'));
  return out;
}

export const INSTITUTION_TYPE_LABELS: Readonly<Record<Institution['type'], string>> = labelTable(INSTITUTION_TYPES, (c) => `institutions:type.${c}`);
export const OWNERSHIP_LABELS: Readonly<Record<Institution['ownership'], string>> = labelTable(OWNERSHIPS, (c) => `institutions:ownership.${c}`);
