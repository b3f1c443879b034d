import { currentLocale, translate } from '../i18n/i18n';
import { RELATION_LABELS, type RelationKind } from '../impartiality';
import { STATUS_LABELS, type InspectionStatus } from '../inspection';
import { EVIDENCE_GAP_LABELS, type EvidenceGap } from '../visitEvidence';
import type { ReasonCode, ReasonParams, Refusal } from './types';

/**
 * The sentence of every refusal code comes from the resource files (namespace `rules`, keyed by the
 * code), in the language in use: Danish on the server (it never switches), the UI's language in the
 * app. Here only the refusal's params are turned into words (a status code into its label, a list
 * of gaps into "a, b og c").
 */

const status = (s: unknown) => STATUS_LABELS[s as InspectionStatus] ?? String(s);
const str = (p: ReasonParams | undefined, key: string) => String(p?.[key] ?? '');
const list = (p: ReasonParams | undefined, key: string) => str(p, key).split(',').filter(Boolean);
const listOf = (items: readonly string[], type: 'conjunction' | 'disjunction') => new Intl.ListFormat(currentLocale(), { type }).format(items);
const capitalise = (s: string) => s.replace(/^./, (c) => c.toUpperCase());
const subject = (p: ReasonParams | undefined) => translate(`rules:subject.${str(p, 'recordType')}`, { defaultValue: translate('rules:subject.default') });

/** The Danish texts the tests and the server compare with (the server's answers are Danish). */
export const LEDER_NEVER_SCORES = translate('rules:leder_never_scores', { lng: 'da' });
export const LEDER_CANNOT_CHANGE_STATUS = translate('rules:leder_no_status', { lng: 'da' });
export const CORRECTION_REASON_REQUIRED = translate('rules:correction_reason_required', { lng: 'da' });

/** The interpolation values of the codes whose sentence has any (the others take the params as they are). */
const PARAMS: { readonly [C in ReasonCode]?: (p: ReasonParams | undefined) => Record<string, string> } = {
  fixed_field: (p) => ({ field: capitalise(translate(`rules:field.${str(p, 'field')}`, { defaultValue: str(p, 'field') })) }),
  new_inspection_status: (p) => ({ allowed: listOf(list(p, 'allowed').map((s) => status(s).toLowerCase()), 'disjunction'), status: status(p?.status) }),
  inspection_locked: (p) => ({ status: status(p?.status) }),
  illegal_transition: (p) => ({ from: status(p?.from), to: status(p?.to) }),
  children_locked: (p) => ({ status: status(p?.status) }),
  hoering_closed: (p) => ({ status: status(p?.status) }),
  id_not_anbefaling: (p) => ({ subject: subject(p), expected: str(p, 'expected') }),
  id_not_inspection: (p) => ({ subject: subject(p), expected: str(p, 'expected') }),
  id_not_parts: (p) => ({ subject: subject(p), expected: str(p, 'expected') }),
  publication_privacy_check_failed: (p) => ({ kinds: str(p, 'kinds').toLowerCase() }),
  evidence_missing: (p) => ({ gaps: listOf(list(p, 'gaps').map((g) => EVIDENCE_GAP_LABELS[g as EvidenceGap] ?? g), 'conjunction') }),
  prior_data_unanswered: (p) => ({ items: listOf(str(p, 'items').split('\u0000').filter(Boolean), 'conjunction') }),
  consultant_not_impartial: (p) => ({
    name: str(p, 'name') || translate('rules:defaultConsultant'),
    relation: (RELATION_LABELS[str(p, 'kind') as RelationKind] ?? str(p, 'kind')).toLowerCase(),
  }),
};

/** The sentence for a refusal (a verdict with ok: false), in the language in use. */
export function reasonMessage(refusal: Pick<Refusal, 'code' | 'params'>): string {
  const values = PARAMS[refusal.code]?.(refusal.params) ?? Object.fromEntries(Object.entries(refusal.params ?? {}).map(([k, v]) => [k, String(v)]));
  return translate(`rules:${refusal.code}`, values);
}
