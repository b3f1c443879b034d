import { z } from 'zod';

export const INSTITUTION_TYPES = ['vuggestue', 'børnehave', 'integreret', 'dagpleje'] as const;
export const OWNERSHIPS = ['kommunal', 'selvejende', 'privat'] as const;

export const InstitutionTypeSchema = z.enum(INSTITUTION_TYPES, { error: 'Typen skal være vuggestue, børnehave, integreret eller dagpleje' });
export const OwnershipSchema = z.enum(OWNERSHIPS, { error: 'Ejerformen skal være kommunal, selvejende eller privat' });

const childCount = z.number({ error: 'Angiv et antal' }).int({ error: 'Antallet skal være et helt tal' }).min(0, { error: 'Antallet kan ikke være negativt' });

/** Institutions are counted, never children: only aggregate numbers of places. */
export const InstitutionSchema = z.object({
  id: z.string().trim().min(1, { error: 'Institutionen mangler et id' }),
  name: z.string().trim().min(1, { error: 'Institutionen mangler et navn' }),
  type: InstitutionTypeSchema,
  ownership: OwnershipSchema,
  district: z.string().trim().optional(),
  children0to2: childCount,
  children3to5: childCount,
  rev: z.number().int().min(0).default(0),
});
export type Institution = z.infer<typeof InstitutionSchema>;

export const INSTITUTION_TYPE_LABELS: Record<Institution['type'], string> = {
  vuggestue: 'Vuggestue',
  børnehave: 'Børnehave',
  integreret: 'Integreret institution',
  dagpleje: 'Dagpleje',
};
export const OWNERSHIP_LABELS: Record<Institution['ownership'], string> = {
  kommunal: 'Kommunal',
  selvejende: 'Selvejende',
  privat: 'Privat',
};
