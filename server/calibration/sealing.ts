import type { Dobbeltscoring, UafhaengigScore } from '../../shared/calibration/records';
import { bothSealed } from '../../shared/calibration/records';
import type { JudgeContext } from '../../shared/rules';
import type { Mutation } from '../../shared/sync/wire';
import { fromJsonObject } from '../db/json';
import type { BatchState } from '../sync/batchState';
import { updateRecord } from '../sync/store';

/**
 * Sealed and blind, on the server (issue 16, docs/kalibrering.md): what the write judge needs of a
 * double-scored inspection, and the moment both sets are sealed, when they are revealed to both
 * raters (and forvaltning) by the server's field `revealedTo` (read by independentScoreReadable).
 */

async function setsOf(state: BatchState, inspectionId: string, raterIds: readonly string[]) {
  const rows = [];
  for (const r of raterIds) {
    const row = await state.row('uafhaengigScore', `${inspectionId}:${r}`);
    if (row) rows.push(row);
  }
  return rows;
}

/** The double scoring of an inspection and both raters' sets, as the judge's context; {} when not double-scored. */
export async function doubleScoringContext(state: BatchState, inspectionId: string): Promise<JudgeContext> {
  const row = await state.row('dobbeltscoring', inspectionId);
  if (!row) return {};
  const d = fromJsonObject(row.data) as unknown as Dobbeltscoring;
  const sets = (await setsOf(state, inspectionId, d.raterIds)).map((r) => fromJsonObject(r.data) as unknown as UafhaengigScore);
  return { doubleScoring: { raterIds: d.raterIds, consensus: d.consensus ?? {} }, independentScores: sets };
}

/** The official step per theme of an inspection (its themeScore records). */
export async function themeStepsOf(state: BatchState, inspectionId: string): Promise<Record<string, number | null>> {
  await state.settle();
  const rows = await state.trx.selectFrom('records').select('data').where('type', '=', 'themeScore').where('inspection_id', '=', inspectionId).execute();
  const out: Record<string, number | null> = {};
  for (const r of rows) {
    const s = fromJsonObject(r.data);
    out[String(s.themeId)] = typeof s.step === 'number' ? s.step : null;
  }
  return out;
}

/**
 * After a set was written: if both sets of the visit are now sealed and not yet revealed, both get
 * `revealedTo` (a new revision and a new sequence number each), so the next pull of the other rater
 * and of forvaltning carries them, from a cursor as from zero.
 */
export async function revealWhenBothSealed(state: BatchState, inspectionId: string): Promise<void> {
  const row = await state.row('dobbeltscoring', inspectionId);
  if (!row) return;
  const d = fromJsonObject(row.data) as unknown as Dobbeltscoring;
  const rows = await setsOf(state, inspectionId, d.raterIds);
  const sets = rows.map((r) => fromJsonObject(r.data) as unknown as UafhaengigScore);
  if (!bothSealed(d.raterIds, sets)) return;
  for (const [i, r] of rows.entries()) {
    if ((sets[i]!.revealedTo ?? []).length === 2) continue;
    const m: Mutation = { mutationId: `server:reveal:${r.id}`, recordType: 'uafhaengigScore', recordId: r.id, baseRev: r.rev, fields: {} };
    await updateRecord(state, m, r, { ...sets[i]!, revealedTo: [...d.raterIds], rev: r.rev + 1, updatedAt: state.now }, ['revealedTo']);
  }
}
