import { RELATION_LABELS, type RelationKind } from '../impartiality';
import { STATUS_LABELS, type InspectionStatus } from '../inspection';
import { BOARD_NOT_INFORMED_MESSAGE, privacyProblemMessage } from '../publication';
import { EVIDENCE_GAP_LABELS, type EvidenceGap } from '../visitEvidence';
import type { ReasonCode, ReasonParams, Refusal } from './types';

/**
 * The Danish message of every refusal code, written once (the i18n issue moves them into its
 * resource files). Server answers and the renderer's form errors both come from here.
 */

const status = (s: unknown) => STATUS_LABELS[s as InspectionStatus] ?? String(s);
const str = (p: ReasonParams | undefined, key: string) => String(p?.[key] ?? '');

const FIELD_LABELS: Readonly<Record<string, string>> = {
  institutionId: 'institutionen',
  frameworkId: 'rammeversionen',
  inspectionId: 'tilsynet',
  themeId: 'temaet',
  fokuspunktId: 'fokuspunktet',
  anbefalingId: 'anbefalingen',
  version: 'versionsnummeret',
};

/** "Et høringssvar", "En temascore": the record type as the subject of a sentence. */
const RECORD_SUBJECT: Readonly<Record<string, string>> = {
  inspection: 'Et tilsyn',
  themeScore: 'En temascore',
  fokuspunktNote: 'En fokuspunktnote',
  anerkendelse: 'En anerkendelse',
  anbefaling: 'En anbefaling',
  hoeringssvar: 'Et høringssvar',
  hoeringskommentar: 'En høringskommentar',
  rapportversion: 'En rapportversion',
  opfoelgning: 'Et opfølgningspunkt',
  bestyrelsesorientering: 'En orientering af forældrebestyrelsen',
  publicering: 'En offentliggørelse',
  tilbagetraekning: 'En tilbagetrækning af en offentliggørelse',
  skaerpetTilsyn: 'Et skærpet tilsyn',
  handleplan: 'En handleplan',
  observation: 'En observation',
  dobbeltscoring: 'En dobbeltscoring',
  uafhaengigScore: 'Et uafhængigt scoresæt',
};

const capitalise = (s: string) => s.replace(/^./, (c) => c.toUpperCase());
const listOf = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}` : (items[0] ?? ''));

function newInspectionMessage(p: ReasonParams | undefined): string {
  const names = str(p, 'allowed')
    .split(',')
    .filter(Boolean)
    .map((s) => status(s).toLowerCase());
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} eller ${names[names.length - 1]}` : (names[0] ?? '');
  return `Et nyt tilsyn skal starte som ${list} (ikke "${status(p?.status)}")`;
}

export const LEDER_NEVER_SCORES = 'En leder kan aldrig ændre scorer';
export const LEDER_CANNOT_CHANGE_STATUS = 'En leder kan ikke ændre et tilsyns status';
export const CORRECTION_REASON_REQUIRED = 'Skriv hvorfor den endelige rapport skal rettes';
export const CONCERN_LEVEL_REQUIRED = 'Vælg om tilsynet giver anledning til ingen bekymring, bekymring eller alvorlig bekymring';
export const HANDLEPLAN_NEEDS_DIALOGUE = 'Handleplanen kan ikke sættes i gang uden datoen for dialogen med lederen';

const MESSAGES: { readonly [C in ReasonCode]: (p: ReasonParams | undefined) => string } = {
  not_your_institution: (p) => `Du har ikke adgang til institutionen ${str(p, 'institutionId')}`,
  leder_never_scores: () => LEDER_NEVER_SCORES,
  leder_no_status: () => LEDER_CANNOT_CHANGE_STATUS,
  leder_read_only: () => 'Som leder kan du læse tilsynet, men ikke ændre det',
  only_leder_answers: () => 'Kun institutionens leder kan skrive høringssvar',
  follow_up_fields_are_leders: () => 'Status, ansvarlig, frist og noter på et opfølgningspunkt opdateres af institutionens leder',
  follow_up_made_by_consultant: () => 'Opfølgningspunkter oprettes, når konsulenten gør rapporten endelig',
  version_frozen: () => 'En endelig rapportversion kan ikke ændres. Vælg «Ret endelig rapport» for at lave en ny version',
  fixed_field: (p) => capitalise(`${FIELD_LABELS[str(p, 'field')] ?? str(p, 'field')} kan ikke ændres, når posten er oprettet`),
  new_inspection_status: newInspectionMessage,
  inspection_locked: (p) => `Tilsynet er "${status(p?.status)}" og kan ikke længere ændres`,
  illegal_transition: (p) => `Et tilsyn kan ikke gå fra "${status(p?.from)}" til "${status(p?.to)}"`,
  correction_reason_required: () => CORRECTION_REASON_REQUIRED,
  children_locked: (p) => `Tilsynet er "${status(p?.status)}": scorer og tekster kan ikke længere ændres`,
  hoering_closed: (p) => `Tilsynet er "${status(p?.status)}": høringssvar kan kun gives, mens tilsynet er i høring`,
  report_version_needs_final: () => 'En rapportversion kan kun laves af et endeligt tilsyn',
  follow_up_needs_final: () => 'Opfølgningspunkter oprettes, når rapporten er endelig',
  parent_missing: () => 'Tilsynet findes ikke på serveren',
  parent_not_created: () => 'Tilsynet findes ikke på serveren (det blev ikke oprettet)',
  id_not_anbefaling: (p) => `${RECORD_SUBJECT[str(p, 'recordType')] ?? 'Posten'} skal have anbefalingens id (${str(p, 'expected')})`,
  id_not_inspection: (p) => `${RECORD_SUBJECT[str(p, 'recordType')] ?? 'Posten'} skal have tilsynets id (${str(p, 'expected')})`,
  id_not_parts: (p) => `${RECORD_SUBJECT[str(p, 'recordType')] ?? 'Posten'} skal have id'et ${str(p, 'expected')}`,
  follow_up_wrong_institution: () => 'Opfølgningspunktet skal høre til tilsynets institution',
  publication_frozen: () => 'En offentliggørelse kan ikke ændres. En rettet rapport offentliggøres som en ny version',
  publication_needs_final: () => 'En rapport kan kun offentliggøres, mens tilsynet er endeligt',
  board_orientation_needs_report: () => 'Forældrebestyrelsen orienteres om vurderingen, når rapporten er sendt i høring eller er endelig',
  publication_wrong_institution: () => 'Offentliggørelsen skal høre til tilsynets institution',
  publication_version_missing: (p) => `Version ${str(p, 'version')} af rapporten findes ikke på serveren`,
  publication_privacy_check_failed: (p) => privacyProblemMessage(str(p, 'kinds')),
  publication_board_not_informed: () => BOARD_NOT_INFORMED_MESSAGE,
  concern_level_required: () => CONCERN_LEVEL_REQUIRED,
  history_append_only: () => 'Historikken kan ikke ændres; nye ændringer føjes til',
  case_needs_final: () => 'Et skærpet tilsyn og en handleplan oprettes, når rapporten gøres endelig',
  case_wrong_institution: () => 'Det skærpede tilsyn og handleplanen skal høre til tilsynets institution',
  handleplan_needs_leder_dialogue: () => HANDLEPLAN_NEEDS_DIALOGUE,
  handleplan_needs_actions: () => 'Handleplanen skal have mindst én handling, før den kan sættes i gang',
  handleplan_needs_checkpoints: () => 'Handleplanen skal have mindst ét dateret opfølgningspunkt, før den kan sættes i gang',
  handleplan_status_step: () => 'Forløbet går fra udkast til aktiv til lukket og kan ikke gå tilbage',
  closing_needs_assessment: () => 'Skriv den afsluttende vurdering og datoen for at lukke',
  evidence_missing: (p) => `Rapporten kan ikke gøres endelig uden ${listOf(str(p, 'gaps').split(',').filter(Boolean).map((g) => EVIDENCE_GAP_LABELS[g as EvidenceGap] ?? g))}, eller en begrundelse for, hvorfor de mangler`,
  consultant_not_impartial: (p) =>
    `${str(p, 'name') || 'Konsulenten'} kan ikke føre tilsyn med institutionen: ${(RELATION_LABELS[str(p, 'kind') as RelationKind] ?? str(p, 'kind')).toLowerCase()}. Kun forvaltningen kan tildele alligevel, med en skriftlig begrundelse`,
  prior_data_unanswered: (p) =>
    `Rapporten skal sige, om hvert datapunkt, tilsynsrammen nævner, var der før besøget. Der mangler svar for: ${listOf(str(p, 'items').split('\u0000').filter(Boolean))}. Synkronisér, se «Før besøget» og gør rapporten endelig igen`,
  override_forvaltning_only: () => 'Kun forvaltningen kan tildele en konsulent med en relation til institutionen',
  withdrawal_forvaltning_only: () => 'Kun forvaltningen kan trække en offentliggørelse tilbage',
  withdrawal_frozen: () => 'En tilbagetrækning kan ikke ændres',
  withdrawal_publication_missing: () => 'Offentliggørelsen findes ikke på serveren',
  double_scoring_by_server: () => 'Dobbeltscoring udtrækkes af serveren; forvaltningen kan håndplukke et tilsyn',
  double_scoring_fields_server: () => 'De to bedømmere kan kun skrive konsensus; resten af dobbeltscoringen skrives af serveren',
  not_your_independent_score: () => 'Du kan kun skrive dit eget uafhængige scoresæt',
  not_a_rater: () => 'Kun de to bedømmere af tilsynet kan skrive konsensus',
  not_double_scored: () => 'Tilsynet er ikke udtrukket til dobbeltscoring med dig som bedømmer',
  independent_score_sealed: () => 'Scoresættet er forseglet og kan ikke ændres',
  seal_needs_a_step: () => 'Giv mindst ét tema et trin, før du forsegler',
  consensus_before_seals: () => 'Konsensus kan først skrives, når begge bedømmere har forseglet deres scorer',
  consensus_reason_required: () => 'Skriv en kort begrundelse for konsensus, hvor jeres trin var forskellige',
  consensus_missing: () => 'Tilsynet er dobbeltscoret: begge bedømmere skal forsegle, og I skal nå konsensus om hvert tema, før rapporten sendes i høring eller gøres endelig',
  official_score_not_consensus: () => 'På et dobbeltscoret tilsyn er temaets trin den konsensus, de to bedømmere har nået',
  calibration_wrong_institution: () => 'Scoresættet skal høre til tilsynets institution',
  framework_missing: (p) => `Rammeversionen ${str(p, 'frameworkId')} findes ikke på serveren`,
  previous_version_missing: (p) => `Version ${str(p, 'version')} af rapporten findes ikke på serveren`,
  anbefaling_missing: () => 'Anbefalingen findes ikke i tilsynet',
  fokuspunkt_missing: (p) => `Fokuspunktet ${str(p, 'fokuspunktId')} findes ikke under temaet i rammeversionen ${str(p, 'frameworkId')}`,
  creation_rejected_earlier: () => 'Posten blev ikke oprettet: oprettelsen blev afvist tidligere i samme sending',
  concern_level_mismatch: () => 'Skærpet tilsyn følger af en endelig rapport med bekymring, handleplanen af en med alvorlig bekymring',
  base_rev_ahead: (p) => `Ændringen bygger på version ${str(p, 'baseRev')} af posten, men serveren har kun version ${str(p, 'rev')}. Den blev ikke gemt.`,
};

/** The Danish sentence for a refusal (a verdict with ok: false). */
export function reasonMessage(refusal: Pick<Refusal, 'code' | 'params'>): string {
  return MESSAGES[refusal.code](refusal.params);
}
