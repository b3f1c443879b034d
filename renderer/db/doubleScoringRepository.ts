import { uafhaengigScoreId, type ConsensusEntry, type Dobbeltscoring, type UafhaengigScore } from '../../shared/calibration/records';
import type { Step, ThemeId } from '../../shared/framework';
import type { TilsynDatabase } from './database';
import { editContent, setThemeStep } from './inspectionRepository';
import { updateRecord } from './recordStore';

/**
 * Double scoring on this device (docs/kalibrering.md): the draw the server made, the user's own
 * blind set, and the other rater's once the server has revealed it (both sealed). The server decides
 * who holds what; this module only writes the user's own set and the consensus.
 */

export interface DoubleScoringView {
  dobbeltscoring: Dobbeltscoring;
  /** The user is one of the two raters. */
  isRater: boolean;
  own: UafhaengigScore | undefined;
  /** The other rater's set: on this device only after both have sealed. */
  other: UafhaengigScore | undefined;
}

export async function loadDoubleScoring(db: TilsynDatabase, inspectionId: string, userId: string | undefined): Promise<DoubleScoringView | null> {
  const dobbeltscoring = await db.dobbeltscoringer.get(inspectionId);
  if (!dobbeltscoring) return null;
  const sets = await db.uafhaengigeScorer.where('inspectionId').equals(inspectionId).toArray();
  const isRater = userId !== undefined && dobbeltscoring.raterIds.includes(userId);
  return {
    dobbeltscoring,
    isRater,
    own: isRater ? sets.find((s) => s.raterId === userId) : undefined,
    other: isRater ? sets.find((s) => s.raterId !== userId) : undefined,
  };
}

/** One step in the user's own set (a blind score); the first one starts a planned visit, like a score. */
export function setBlindStep(db: TilsynDatabase, d: Dobbeltscoring, raterId: string, themeId: ThemeId, step: Step) {
  return editContent(db, ['uafhaengigScore'], d.inspectionId, () =>
    updateRecord<UafhaengigScore>(db, 'uafhaengigScore', uafhaengigScoreId(d.inspectionId, raterId), (current) => ({
      inspectionId: d.inspectionId,
      institutionId: d.institutionId,
      raterId,
      sealedAt: null,
      ...current,
      scores: { ...current?.scores, [themeId]: step },
    })),
  );
}

/** Seals the user's own set: from now on it never changes (the judge refuses). */
export function sealSet(db: TilsynDatabase, d: Dobbeltscoring, raterId: string) {
  return updateRecord<UafhaengigScore>(db, 'uafhaengigScore', uafhaengigScoreId(d.inspectionId, raterId), (current) => ({
    inspectionId: d.inspectionId,
    institutionId: d.institutionId,
    raterId,
    scores: {},
    ...current,
    sealedAt: new Date().toISOString(),
  }));
}

/**
 * The consensus of one theme, then (when it has a step) the inspection's official step, which the
 * judge accepts only once it is the consensus: two writes, in that order.
 */
export async function setConsensus(db: TilsynDatabase, inspectionId: string, themeId: ThemeId, entry: ConsensusEntry) {
  const saved = await updateRecord<Dobbeltscoring>(db, 'dobbeltscoring', inspectionId, (current) => ({
    ...current,
    consensus: { ...current?.consensus, [themeId]: entry },
    consensusAt: new Date().toISOString(),
  }));
  const official = (await db.themeScores.get(`${inspectionId}:${themeId}`))?.step ?? null;
  if (entry.step !== null && official !== entry.step) await setThemeStep(db, inspectionId, themeId, entry.step);
  return saved;
}
