import { z } from 'zod';
import { msg } from './i18n/i18n';
import { OpfoelgningSchema } from './followUp';
import { HoeringskommentarSchema, HoeringssvarSchema } from './hoering';
import {
  AnbefalingSchema,
  AnerkendelseSchema,
  FokuspunktNoteSchema,
  InspectionSchema,
  ThemeScoreSchema,
} from './inspection';
import { BestyrelsesorienteringSchema, PubliceringSchema } from './publication';
import { TilbagetraekningSchema } from './publicationWithdrawal';
import { ObservationSchema } from './observation';
import { DobbeltscoringSchema, UafhaengigScoreSchema } from './calibration/records';
import { RapportversionSchema } from './reportVersion';
import { HandleplanSchema, SkaerpetTilsynSchema } from './skaerpetTilsyn';

/**
 * The record types a client may change. Each mutation names one of these, and the same schema
 * validates the record in the form, in IndexedDB, on the wire and on the server.
 */
export const MUTABLE_RECORDS = {
  inspection: InspectionSchema,
  themeScore: ThemeScoreSchema,
  fokuspunktNote: FokuspunktNoteSchema,
  anerkendelse: AnerkendelseSchema,
  anbefaling: AnbefalingSchema,
  /** The leder's answer to one anbefaling (høring). */
  hoeringssvar: HoeringssvarSchema,
  /** The leder's comment on the report (høring). */
  hoeringskommentar: HoeringskommentarSchema,
  /** A frozen final report; never changed once stored. */
  rapportversion: RapportversionSchema,
  /** A follow-up item per anbefaling of a final report. */
  opfoelgning: OpfoelgningSchema,
  /** When and how the forældrebestyrelse was informed of the assessment, and its comment. */
  bestyrelsesorientering: BestyrelsesorienteringSchema,
  /** A final report version marked published; never changed once stored. */
  publicering: PubliceringSchema,
  /** Forvaltning's withdrawal of a publication, with its reason; never changed once stored. */
  tilbagetraekning: TilbagetraekningSchema,
  /** A skærpet-tilsyn case opened by a final report with bekymring or alvorlig bekymring. */
  skaerpetTilsyn: SkaerpetTilsynSchema,
  /** The handleplan of a case opened with alvorlig bekymring. */
  handleplan: HandleplanSchema,
  /** What the consultant saw during the visit (§ 5 a stk. 5). */
  observation: ObservationSchema,
  /** A double-scored inspection (calibration): its two raters and their consensus; made by the server. */
  dobbeltscoring: DobbeltscoringSchema,
  /** One rater's blind, sealed set of steps on a double-scored inspection. */
  uafhaengigScore: UafhaengigScoreSchema,
} as const;

export type RecordType = keyof typeof MUTABLE_RECORDS;
export const RECORD_TYPES = Object.keys(MUTABLE_RECORDS) as RecordType[];
export const RecordTypeSchema = z.enum(RECORD_TYPES as [RecordType, ...RecordType[]], { error: msg('validation:unknownRecordType') });

/**
 * The free-text fields of each record type: where people write, so where personal data can slip in.
 * The one list: the renderer warns on these fields (shared/privacy.ts), the server flags what a push
 * stores in them, and forvaltning purges from them. A field may hold a list (participants) or, for a
 * report version's snapshot, the copies of the report's texts.
 */
export const FREE_TEXT_FIELDS = {
  inspection: ['participants', 'correctionReason', 'dialogue', 'evidenceReason', 'impartialityOverrides'],
  themeScore: ['note', 'notAssessedReason'],
  fokuspunktNote: ['note'],
  anerkendelse: ['text'],
  anbefaling: ['text', 'action'],
  hoeringssvar: ['text'],
  hoeringskommentar: ['text'],
  rapportversion: ['reason', 'snapshot'],
  opfoelgning: ['notes', 'anbefaling', 'owner', 'action'],
  bestyrelsesorientering: ['comment'],
  publicering: ['privacyOverrideReason', 'board', 'followUp'],
  tilbagetraekning: ['reason'],
  skaerpetTilsyn: ['closingAssessment'],
  handleplan: ['actions', 'boardComments', 'closingAssessment'],
  observation: ['place', 'activity', 'text'],
  dobbeltscoring: ['consensus'],
  uafhaengigScore: [],
} as const satisfies { [T in RecordType]: readonly (keyof z.infer<(typeof MUTABLE_RECORDS)[T]> & string)[] };

export type FreeTextField = (typeof FREE_TEXT_FIELDS)[RecordType][number];

/** True when `field` is one of the free-text fields of `type`. */
export function isFreeTextField(type: RecordType, field: string): boolean {
  return (FREE_TEXT_FIELDS[type] as readonly string[]).includes(field);
}

/** Every string in a field's value: the text itself, the items of a list, the leaves of a snapshot. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Fields that belong to the sync bookkeeping, never to the user's changes. */
export const SYSTEM_FIELDS = ['id', 'rev', 'updatedAt'] as const;

/** One local change waiting to be pushed: the changed fields of one record, made on `baseRev`. */
export const OutboxRowSchema = z.object({
  seq: z.number().int().optional(),
  mutationId: z.string().min(1),
  recordType: RecordTypeSchema,
  recordId: z.string().min(1),
  baseRev: z.number().int().min(0),
  fields: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /**
   * Set only on rows imported from another installation's export: the installation that made the
   * change. The row is pushed under that id, so the server's (clientId, mutationId) check still
   * recognises it if the other installation sends it too.
   */
  clientId: z.string().min(1).optional(),
  /** Conflicts this change settles ("behold min", "behold deres", "behold begge"). */
  resolvesConflicts: z.array(z.string().min(1)).optional(),
});
export type OutboxRow = z.infer<typeof OutboxRowSchema>;
