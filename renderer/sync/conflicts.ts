import { DEFAULT_SCALE_LABELS } from '../../shared/framework';
import { MUTABLE_RECORDS, type RecordType } from '../../shared/records';
import type { Conflict } from '../../shared/sync/wire';
import type { TilsynDatabase } from '../db/database';
import { writeResolution } from '../db/recordStore';

export type Resolution = 'mine' | 'theirs' | 'both';

/** "Mine" is what this installation sent; on the other side of the conflict, it is what the server kept. */
export function sides(conflict: Conflict, myClientId: string): { mine: unknown; theirs: unknown; theirName: string } {
  return conflict.clientId === myClientId
    ? { mine: conflict.clientValue, theirs: conflict.serverValue, theirName: 'gemt på serveren af en kollega' }
    : { mine: conflict.serverValue, theirs: conflict.clientValue, theirName: conflict.userName };
}

/** Only text can be kept "both": one after the other, with a visible seam. */
export function canKeepBoth(conflict: Conflict): boolean {
  return typeof conflict.serverValue === 'string' && typeof conflict.clientValue === 'string';
}

export function resolvedValue(conflict: Conflict, myClientId: string, choice: Resolution): unknown {
  const { mine, theirs } = sides(conflict, myClientId);
  if (choice === 'mine') return mine;
  if (choice === 'theirs') return theirs;
  return `${String(mine).trimEnd()}\n\n${String(theirs).trim()}`;
}

/** Resolving a conflict is a new change like any other, made through the record store (writeResolution). */
export async function resolveConflict(db: TilsynDatabase, conflict: Conflict, myClientId: string, choice: Resolution): Promise<void> {
  const type = conflict.recordType as RecordType;
  if (!(type in MUTABLE_RECORDS)) throw new Error('Konflikten gælder en posttype, som denne version af appen ikke kender. Opdater appen.');
  await writeResolution(db, type, conflict.recordId, { field: conflict.field, value: resolvedValue(conflict, myClientId, choice), conflictId: conflict.id, serverRev: conflict.serverRev });
}

export const FIELD_LABELS: Record<string, string> = {
  step: 'Trin',
  note: 'Noter',
  notAssessed: 'Ikke vurderet',
  notAssessedReason: 'Begrundelse for ikke vurderet',
  text: 'Tekst',
  deleted: 'Slettet',
  status: 'Status',
  date: 'Dato',
  visitType: 'Anmeldt/uanmeldt',
  kind: 'Tilsynstype',
  consultants: 'Konsulenter (navne uden bruger)',
  consultantIds: 'Konsulenter',
  dialogue: 'Dialogmøde',
  evidenceReason: 'Begrundelse for manglende observation eller dialog',
  observedAt: 'Tidspunkt',
  minutes: 'Varighed (min.)',
  place: 'Sted eller gruppe',
  activity: 'Aktivitet',
  participants: 'Deltagere (gammelt felt)',
  correctionReason: 'Begrundelse for rettelse',
  answer: 'Svar',
  owner: 'Ansvarlig',
  dueDate: 'Frist',
  notes: 'Noter',
  anbefaling: 'Anbefaling',
  action: 'Handling',
  verification: 'Sådan følges op',
  type: 'Type',
  ownerRole: 'Ansvarlig rolle',
  concernLevel: 'Bekymringsniveau',
  priorKnowledge: 'Forhåndsviden',
  preparedDataIds: 'Data før besøget',
  impartialityOverrides: 'Begrundelse for habilitet',
  reason: 'Begrundelse',
  informedOn: 'Orienteret den',
  form: 'Form',
  comment: 'Kommentar',
  publishedOn: 'Offentliggjort den',
  url: 'Adresse',
  level: 'Niveau',
  establishedOn: 'Besluttet den',
  startedOn: 'Startet den',
  closedOn: 'Lukket den',
  closingAssessment: 'Afsluttende vurdering',
  actions: 'Indsatser',
  checkpoints: 'Kontrolpunkter',
  lederDialogueOn: 'Dialog med lederen den',
  boardInformedOn: 'Bestyrelsen orienteret den',
  boardComments: 'Bestyrelsens bemærkninger',
  activatedOn: 'Sat i værk den',
  verifiedOn: 'Verificeret den',
  proposedOwner: 'Foreslået ansvarlig',
  proposedDueDate: 'Foreslået frist',
};

export const RECORD_LABELS: Record<string, string> = {
  inspection: 'Tilsyn',
  themeScore: 'Vurdering af tema',
  fokuspunktNote: 'Fokuspunkt',
  anerkendelse: 'Anerkendelse',
  anbefaling: 'Anbefaling',
  hoeringssvar: 'Høringssvar',
  hoeringskommentar: 'Kommentar i høringen',
  rapportversion: 'Endelig rapportversion',
  opfoelgning: 'Opfølgningspunkt',
  skaerpetTilsyn: 'Skærpet tilsyn',
  handleplan: 'Handleplan',
  observation: 'Observation',
  bestyrelsesorientering: 'Orientering af forældrebestyrelsen',
  publicering: 'Offentliggørelse',
  tilbagetraekning: 'Tilbagetrukket offentliggørelse',
};

/** What a record the server has not seen yet is called ("Ny anbefaling"): Danish nouns have gender. */
export const NEW_RECORD_LABELS: Record<string, string> = {
  inspection: 'Nyt tilsyn',
  themeScore: 'Ny vurdering af tema',
  fokuspunktNote: 'Ny note til fokuspunkt',
  anerkendelse: 'Ny anerkendelse',
  anbefaling: 'Ny anbefaling',
  hoeringssvar: 'Nyt høringssvar',
  hoeringskommentar: 'Ny kommentar i høringen',
  rapportversion: 'Ny endelig rapportversion',
  opfoelgning: 'Nyt opfølgningspunkt',
  skaerpetTilsyn: 'Nyt skærpet tilsyn',
  handleplan: 'Ny handleplan',
  observation: 'Ny observation',
  bestyrelsesorientering: 'Ny orientering af forældrebestyrelsen',
  publicering: 'Ny offentliggørelse',
  tilbagetraekning: 'Ny tilbagetrækning af en offentliggørelse',
};

export function formatValue(v: unknown, field?: string): string {
  if (v === null || v === undefined || v === '') return '(tom)';
  if (field === 'step' && typeof v === 'number' && v >= 1 && v <= 4) return `${v} – ${DEFAULT_SCALE_LABELS[v - 1]}`;
  if (typeof v === 'boolean') return v ? 'Ja' : 'Nej';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
