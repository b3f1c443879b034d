import { isOpenFollowUp, type Opfoelgning } from './followUp';
import type { Rapportversion } from './reportVersion';
import { CASE_STATUS_LABELS, HANDLEPLAN_STATUS_LABELS, type Handleplan, type SkaerpetTilsyn } from './skaerpetTilsyn';
import type { PriorKnowledge } from './visitEvidence';
import type { Institution } from './institution';
import { briefDataItems, priorDataItemsOf, type BriefDataItem } from './rammeData';
import { rammeLabel, type Tilsynsramme } from './tilsynsramme';

/**
 * The pre-visit brief (dagtilbudsloven § 5 a stk. 4, LAW.md R1.9): what the consultant knows of the
 * institution before and during the visit, from this device's own copy, so offline too: earlier
 * final reports, open follow-up items with the leder's answers, and skærpet tilsyn / handleplan
 * history, and the data the tilsynsramme in force names, each with what the device holds for it.
 * Finalising records which of these were there (priorKnowledgeOf → inspection.priorKnowledge).
 */

export interface BriefReport {
  inspectionId: string;
  versionId: string;
  version: number;
  /** The visit's date (YYYY-MM-DD). */
  isoDate: string;
  /** "3. marts 2025". */
  date: string;
  createdBy: string;
}

/**
 * A skærpet tilsyn case or handleplan in the brief (shared/skaerpetTilsyn.ts, issue 13 part B, made
 * by briefCasesOf): shown in the brief and recorded in priorKnowledge.caseIds at finalising.
 */
export interface BriefCase {
  id: string;
  /** "Skærpet tilsyn" / "Handleplan". */
  label: string;
  /** When the concern was established (YYYY-MM-DD). */
  openedOn: string;
  /** "Aktiv", "Lukket 2026-03-01", … */
  status: string;
}

export interface PreVisitBrief {
  previousReports: BriefReport[];
  openFollowUps: Opfoelgning[];
  cases: BriefCase[];
  /** The ramme in force on the visit's date on this device ("…, version 2 (gældende fra …)"); null: none. */
  ramme: string | null;
  /** The data that ramme names (shared/rammeData.ts). */
  dataItems: BriefDataItem[];
}

export interface BriefInput {
  inspectionId: string;
  institutionId: string;
  versions: readonly Rapportversion[];
  followUps: readonly Opfoelgning[];
  cases?: readonly BriefCase[];
  /** The ramme in force on the visit's date (this device's copy). */
  ramme?: Tilsynsramme | null;
  institution?: Institution | undefined;
}



/** Newest report first; of each earlier inspection only its latest version. */
export function buildPreVisitBrief(input: BriefInput): PreVisitBrief {
  const latest = new Map<string, Rapportversion>();
  for (const v of input.versions) {
    if (v.inspectionId === input.inspectionId || v.snapshot.institutionId !== input.institutionId) continue;
    const seen = latest.get(v.inspectionId);
    if (!seen || v.version > seen.version) latest.set(v.inspectionId, v);
  }
  const previousReports = [...latest.values()]
    .map((v) => ({ inspectionId: v.inspectionId, versionId: v.id, version: v.version, isoDate: v.snapshot.isoDate, date: v.snapshot.date, createdBy: v.createdBy }))
    .sort((a, b) => b.isoDate.localeCompare(a.isoDate));
  const openFollowUps = input.followUps
    .filter((f) => f.institutionId === input.institutionId && f.inspectionId !== input.inspectionId && isOpenFollowUp(f))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const cases = [...(input.cases ?? [])];
  const dataItems = briefDataItems(input.ramme?.dataItems ?? [], {
    reports: previousReports.length,
    openFollowUps: openFollowUps.length,
    cases: cases.length,
    institution: input.institution,
  });
  return { previousReports, openFollowUps, cases, ramme: input.ramme ? rammeLabel(input.ramme) : null, dataItems };
}

/** What finalising records of the brief: the ids of what was there, and the answer for each datum the ramme names (`ticked`: there). */
export function priorKnowledgeOf(brief: PreVisitBrief, recordedAt: string, ticked: readonly string[] = []): PriorKnowledge {
  return {
    recordedAt,
    reportVersionIds: brief.previousReports.map((r) => r.versionId),
    followUpIds: brief.openFollowUps.map((f) => f.id),
    caseIds: brief.cases.map((c) => c.id),
    dataItems: priorDataItemsOf(brief.dataItems, ticked),
  };
}

/** The institution's skærpet tilsyn cases and handleplaner as the brief lists them, newest first (§ 5 a stk. 4, 2nd sentence). */
export function briefCasesOf(cases: readonly SkaerpetTilsyn[], plans: readonly Handleplan[]): BriefCase[] {
  const out: BriefCase[] = [
    ...cases.map((c) => ({
      id: c.id,
      label: c.level === 'alvorlig' ? 'Skærpet tilsyn (alvorlig bekymring)' : 'Skærpet tilsyn (bekymring)',
      openedOn: c.establishedOn,
      status: c.status === 'lukket' && c.closedOn ? `Lukket ${c.closedOn}` : CASE_STATUS_LABELS[c.status],
    })),
    ...plans.map((p) => ({
      id: `handleplan:${p.id}`,
      label: 'Handleplan',
      openedOn: p.activatedOn ?? p.createdAt.slice(0, 10),
      status: p.status === 'lukket' && p.closedOn ? `Lukket ${p.closedOn}` : HANDLEPLAN_STATUS_LABELS[p.status],
    })),
  ];
  return out.sort((a, b) => b.openedOn.localeCompare(a.openedOn));
}
