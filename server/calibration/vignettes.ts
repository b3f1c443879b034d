import type { Kysely } from 'kysely';
import { anonymousSpread, type VignetteDraft, type VignetteScores, type VignetteView } from '../../shared/calibration/vignettes';
import { uuidv7 } from '../../shared/ids';
import type { Database } from '../db/schema';
import { fromJson, toJson } from '../db/json';
import { HttpError } from '../errors';

/**
 * Calibration sessions (docs/kalibrering.md): server tables, not synced records, so the master
 * score and the colleagues' spread are simply never sent to a consultant who has not answered.
 * A consultant's answer is written once and never changed (locked before the master score shows).
 */
export async function publishVignette(db: Kysely<Database>, draft: VignetteDraft, by: string, now = new Date()): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('vignettes')
    .values({ id, title: draft.title, situation: draft.situation, master_scores: toJson(draft.masterScores), published_at: now.toISOString(), published_by: by })
    .execute();
  return id;
}

/**
 * The vignettes as `reader` may see them: forvaltning sees the master scores and everyone's spread;
 * a konsulent sees them only for the vignettes they have answered, with their own answer left out of the spread.
 * The spread is left out (null) while fewer than `minAnswers` answers are in it.
 */
export async function listVignettes(db: Kysely<Database>, reader: { id: string; role: 'konsulent' | 'forvaltning' }, minAnswers: number): Promise<VignetteView[]> {
  const vignettes = await db.selectFrom('vignettes').selectAll().orderBy('published_at', 'desc').orderBy('id', 'desc').execute();
  const answers = await db.selectFrom('vignette_answers').selectAll().execute();
  return vignettes.map((v) => {
    const mine = answers.find((a) => a.vignette_id === v.id && a.user_id === reader.id);
    const others = answers.filter((a) => a.vignette_id === v.id && (reader.role === 'forvaltning' || a.user_id !== reader.id));
    const seesResult = reader.role === 'forvaltning' || mine !== undefined;
    return {
      id: v.id,
      title: v.title,
      situation: v.situation,
      publishedAt: v.published_at,
      own: mine ? { scores: fromJson<VignetteScores>(mine.scores), submittedAt: mine.submitted_at } : null,
      result: seesResult
        ? {
            masterScores: fromJson<VignetteScores>(v.master_scores),
            spread: anonymousSpread(others.map((a) => fromJson<VignetteScores>(a.scores)), minAnswers),
            answers: others.length,
            minAnswers,
          }
        : null,
    };
  });
}

/** A konsulent's answer: once; a second is refused (409), the first stays. */
export async function answerVignette(db: Kysely<Database>, vignetteId: string, userId: string, scores: VignetteScores, now = new Date()): Promise<void> {
  const vignette = await db.selectFrom('vignettes').select('id').where('id', '=', vignetteId).executeTakeFirst();
  if (!vignette) throw new HttpError(404, 'Vignetten findes ikke', { code: 'findes_ikke' });
  const result = await db
    .insertInto('vignette_answers')
    .values({ vignette_id: vignetteId, user_id: userId, scores: toJson(scores), submitted_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['vignette_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) throw new HttpError(409, 'Du har allerede scoret denne vignet; dine scorer er låst', { code: 'allerede_besvaret' });
}
