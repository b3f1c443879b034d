import { danishLabel } from './i18n/labels';
import { z } from 'zod';
import type { Opfoelgning } from './followUp';
import { CONCERN_LEVEL_LABELS, type Inspection } from './inspection';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS, type Institution } from './institution';
import { sortVersions, type Rapportversion } from './reportVersion';
import type { Handleplan, SkaerpetTilsyn } from './skaerpetTilsyn';

/**
 * One institution's case file for the state's tilsynsrejsehold (LAW R1.15; for a privatinstitution
 * also the trail behind a revocation, § 20 stk. 3): every final report version as frozen, every
 * skærpet tilsyn with its handleplan, and every follow-up item with its history, in date order.
 * Officials' names appear (as in the reports); it holds no data on children, because the records
 * hold none. Built on the server from its records (server/routes/committee.ts).
 */

const loose = z.looseObject({});

export const CaseFileSchema = z.object({
  kind: z.literal('tilsyn-sagsmappe'),
  generatedAt: z.string(),
  institution: z.object({ id: z.string(), name: z.string(), type: z.string(), ownership: z.string() }),
  visits: z.array(
    z.object({ inspectionId: z.string(), date: z.string(), visitType: z.string(), kind: z.string(), status: z.string(), concern: z.string().nullable() }),
  ),
  reports: z.array(loose),
  skaerpedeTilsyn: z.array(z.object({ case: loose, handleplan: loose.nullable() })),
  followUps: z.array(loose),
});
export type CaseFile = z.infer<typeof CaseFileSchema>;

export interface CaseFileInput {
  institution: Institution;
  inspections: readonly Inspection[];
  versions: readonly Rapportversion[];
  cases: readonly SkaerpetTilsyn[];
  plans: readonly Handleplan[];
  followUps: readonly Opfoelgning[];
}

export function buildCaseFile(input: CaseFileInput, generatedAt: string): CaseFile {
  const planOf = new Map(input.plans.map((p) => [p.id, p]));
  return {
    kind: 'tilsyn-sagsmappe',
    generatedAt,
    institution: {
      id: input.institution.id,
      name: input.institution.name,
      type: danishLabel(INSTITUTION_TYPE_LABELS, input.institution.type) ?? input.institution.type,
      ownership: danishLabel(OWNERSHIP_LABELS, input.institution.ownership) ?? input.institution.ownership,
    },
    visits: [...input.inspections]
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
      .map((i) => ({
        inspectionId: i.id,
        date: i.date,
        visitType: i.visitType,
        kind: i.kind,
        status: i.status,
        concern: i.concernLevel ? danishLabel(CONCERN_LEVEL_LABELS, i.concernLevel) : null,
      })),
    // Oldest first: the trail in the order it happened.
    reports: sortVersions([...input.versions]).reverse().sort((a, b) => a.snapshot.isoDate.localeCompare(b.snapshot.isoDate) || a.version - b.version),
    skaerpedeTilsyn: [...input.cases].sort((a, b) => a.establishedOn.localeCompare(b.establishedOn)).map((c) => ({ case: c, handleplan: planOf.get(c.id) ?? null })),
    followUps: input.followUps.filter((f) => !f.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
  };
}
