import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { UafhaengigScoreSchema } from '../../shared/calibration/records';
import { figuresScope, type AgreementFigures, type FiguresScope } from '../../shared/calibration/figuresAccess';
import { consultantAgreement, themeAgreement, uncertainThemes, windowStart, type CalibrationSettings, type ScoredPair } from '../../shared/calibration/warnings';
import type { Role } from '../../shared/accounts';
import { THEME_IDS } from '../../shared/framework';
import type { Database } from '../db/schema';
import { fromJsonObject } from '../db/json';

/**
 * Agreement figures on the server, the authority (docs/kalibrering.md): rating pairs are built from
 * the stored independent score sets of double-scored visits where BOTH raters have sealed, dated by
 * the inspection's date. A device's copy is never the source.
 */
const SealedSetSchema = UafhaengigScoreSchema.pick({ inspectionId: true, raterId: true, scores: true, sealedAt: true });
type SealedSet = z.infer<typeof SealedSetSchema>;

/** Every theme both raters scored, of every visit with two sealed sets. */
export async function loadScoredPairs(db: Kysely<Database>): Promise<ScoredPair[]> {
  const rows = await db.selectFrom('records').select(['data']).where('type', '=', 'uafhaengigScore').where('deleted', '=', 0).execute();
  const byVisit = new Map<string, SealedSet[]>();
  for (const row of rows) {
    const parsed = SealedSetSchema.safeParse(fromJsonObject(row.data));
    if (!parsed.success || !parsed.data.sealedAt) continue;
    const list = byVisit.get(parsed.data.inspectionId) ?? [];
    list.push(parsed.data);
    byVisit.set(parsed.data.inspectionId, list);
  }
  const visits = [...byVisit.entries()].filter(([, sets]) => sets.length >= 2);
  if (visits.length === 0) return [];
  const dates = new Map<string, string>();
  // In chunks: a parameter list has limits on both databases.
  const ids = visits.map(([id]) => id);
  for (let i = 0; i < ids.length; i += 500) {
    const inspections = await db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('type', '=', 'inspection')
      .where('deleted', '=', 0)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of inspections) {
      const date = fromJsonObject(r.data).date;
      if (typeof date === 'string') dates.set(r.id, date);
    }
  }
  const pairs: ScoredPair[] = [];
  for (const [inspectionId, sets] of visits) {
    const date = dates.get(inspectionId);
    if (!date) continue;
    // Two raters per visit; the order does not change any figure (all are symmetric or seen from each side).
    const [first, second] = [...sets].sort((x, y) => x.raterId.localeCompare(y.raterId)) as [SealedSet, SealedSet];
    for (const themeId of THEME_IDS) {
      const a = first.scores[themeId];
      const b = second.scores[themeId];
      if (a == null || b == null) continue;
      pairs.push({ inspectionId, date, themeId, raters: [{ consultantId: first.raterId, step: a }, { consultantId: second.raterId, step: b }] });
    }
  }
  return pairs;
}

/** The figures `reader` may see, as of `today`. Null for a leder (the route answers 403). */
export async function agreementFigures(
  db: Kysely<Database>,
  reader: { id: string; role: Role; calibrationLead: boolean },
  settings: { thresholds: CalibrationSettings; namedFiguresForManagement: boolean },
  today: string,
): Promise<AgreementFigures | null> {
  const scope: FiguresScope = figuresScope(reader, settings.namedFiguresForManagement);
  if (scope === 'ingen') return null;
  const pairs = await loadScoredPairs(db);
  const from = windowStart(today, settings.thresholds.windowMonths);
  const inWindow = new Set(pairs.filter((p) => p.date > from && p.date <= today).map((p) => p.inspectionId));
  const all = consultantAgreement(pairs, today, settings.thresholds);
  const shown = scope === 'temaer' ? [] : scope === 'egne' ? all.filter((c) => c.consultantId === reader.id) : all;
  const names = await namesOf(db, shown.map((c) => c.consultantId));
  return {
    scope,
    today,
    windowFrom: from,
    thresholds: settings.thresholds,
    visits: inWindow.size,
    themes: themeAgreement(pairs, today, settings.thresholds),
    // Warnings about consultants go to the calibration lead only.
    consultants: shown.map((c) => ({ ...c, name: names.get(c.consultantId) ?? c.consultantId, flags: scope === 'alle_med_advarsler' ? c.flags : [] })),
  };
}

/** The themes whose averages are uncertain (flagged), for the goals dashboard. */
export async function uncertainThemeIds(db: Kysely<Database>, thresholds: CalibrationSettings, today: string): Promise<string[]> {
  return [...uncertainThemes(themeAgreement(await loadScoredPairs(db), today, thresholds))].sort();
}

async function namesOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
